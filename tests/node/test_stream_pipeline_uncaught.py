# Port of Node v20 test/parallel/test-stream-pipeline-uncaught.js.
# Deviations: the process listener is removed at the end of the test.
from nodekit.stream import PassThrough, pipeline
from tests.node._streams import message_is, on_uncaught


def test_throw_in_callback_of_pipeline_ending_in_coroutine_is_uncaught(common):
    def main():
        s = PassThrough()
        s.end("data")

        async def sink(source):
            async for _chunk in source:
                pass

        def done(_value):
            raise Exception("error")

        pipeline(s, sink, common.must_succeed(done))

    with on_uncaught(common, message_is("error")):
        common.run(main)
