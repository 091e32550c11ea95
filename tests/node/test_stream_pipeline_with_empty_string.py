# Port of Node v20 test/parallel/test-stream-pipeline-with-empty-string.js.
# Deviations: the async function runs as a task (`runtime.spawn`); Node awaits the
# undefined that the callback form of pipeline returns, so the call is not awaited.
from nodekit import runtime
from nodekit.stream import PassThrough, pipeline


def test_pipeline_from_empty_string(common):
    def main():
        async def run_test():
            pipeline("", PassThrough(object_mode=True), common.must_call())

        task = runtime.spawn(run_test())
        task.add_done_callback(common.must_call(lambda t: t.result()))

    common.run(main)
