# Port of Node v20 test/parallel/test-stream-pipeline-async-iterator.js.
# Deviations: the async function is a coroutine run as a task.
from nodekit import set_immediate
from nodekit.stream import PassThrough, Readable, pipeline
from tests.node._streams import run_async


def test_async_iteration_of_pipeline_result_raises_source_error(common):
    err = Exception("kaboom")

    async def run_test():
        source = Readable(read=lambda size: None)
        source.push("hello")
        source.push("world")
        set_immediate(lambda: source.destroy(err))
        iterator = pipeline(source, PassThrough(), lambda *a: None)
        iterator.set_encoding("utf8")
        async for k in iterator:
            assert k == "helloworld"

    def on_done(e):
        assert e is err

    def main():
        run_async(common, run_test(), catch=on_done)

    common.run(main)
