# Port of Node v20 test/parallel/test-stream-readable-with-unimplemented-_read.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_read_without_read_method_errors(common):
    def main():
        readable = Readable()
        readable.read()
        readable.on("error", common.expects_error(
            code="ERR_METHOD_NOT_IMPLEMENTED", message="The _read() method is not implemented"))
        readable.on("close", common.must_call())

    common.run(main)
