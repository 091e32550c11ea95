# Port of Node v20 test/parallel/test-stream-pipeline-with-empty-string.js.
# Deviations: the async function runs as a task; Node awaits the
# undefined that the callback form of pipeline returns, so the call is not awaited.
from nodekit.stream import PassThrough, pipeline
from tests.node._streams import run_async


def test_pipeline_from_empty_string(common):
    def main():
        async def run_test():
            pipeline("", PassThrough(object_mode=True), common.must_call())

        run_async(common, run_test())

    common.run(main)
