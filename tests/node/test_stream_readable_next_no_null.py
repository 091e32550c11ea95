# Port of Node v20 test/parallel/test-stream-readable-next-no-null.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


async def generate():
    yield None


def test_readable_from_a_generator_yielding_none_errors(common):
    def main():
        stream = Readable.from_(generate())
        stream.on("error", common.expects_error(code="ERR_STREAM_NULL_VALUES", cls=TypeError,
                                                message="May not write null values to stream"))
        stream.on("data", common.must_not_call("data"))
        stream.on("end", common.must_not_call("end"))

    common.run(main)
