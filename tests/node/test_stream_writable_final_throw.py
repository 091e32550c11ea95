# Port of Node v20 test/parallel/test-stream-writable-final-throw.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Duplex


class Foo(Duplex):
    def _final(self, callback):
        raise Exception("fhqwhgads")

    def _read(self, size):
        pass


def test_final_raising_errors_the_stream(common):
    def main():
        foo = Foo()
        foo._write = common.must_call(lambda chunk, encoding, cb: cb())
        foo.end("test", common.expects_error(message="fhqwhgads"))
        foo.on("error", common.must_call())

    common.run(main)
