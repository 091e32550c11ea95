# Port of Node v20 test/parallel/test-stream-pipeline-with-empty-string.js.
# Deviations: `await pipeline(...)` of the callback API is `stream.promises.pipeline`
# awaited in a task (the callback stays the last argument, as in Node, where the
# promise of a callback-style pipeline is the undefined it returns).
from nodekit import runtime
from nodekit.stream import PassThrough, pipeline


def test_pipeline_from_empty_string(common):
    def main():
        async def run_test():
            pipeline("", PassThrough(object_mode=True), common.must_call())

        task = runtime.spawn(run_test())
        task.add_done_callback(common.must_call(lambda t: t.result()))

    common.run(main)
