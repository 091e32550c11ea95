# Port of Node v20 test/parallel/test-stream-duplex-readable-writable.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Duplex
from tests.node._streams import run_async


def test_push_to_non_readable_duplex_errors(common):
    def main():
        duplex = Duplex(readable=False)
        assert duplex.readable is False
        duplex.push("asd")
        duplex.on("error", common.must_call(
            lambda err: _eq(err.code, "ERR_STREAM_PUSH_AFTER_EOF")))
        duplex.on("data", common.must_not_call("data"))
        duplex.on("end", common.must_not_call("end"))

    common.run(main)


def test_write_to_non_writable_duplex_errors(common):
    def main():
        duplex = Duplex(writable=False, write=common.must_not_call("write"))
        assert duplex.writable is False
        duplex.write("asd")
        duplex.on("error", common.must_call(
            lambda err: _eq(err.code, "ERR_STREAM_WRITE_AFTER_END")))
        duplex.on("finish", common.must_not_call("finish"))

    common.run(main)


def test_async_iteration_of_non_readable_duplex_ends(common):
    def main():
        duplex = Duplex(readable=False)
        assert duplex.readable is False
        duplex.on("data", common.must_not_call("data"))
        duplex.on("end", common.must_not_call("end"))

        async def run_it():
            async for chunk in duplex:
                raise AssertionError(chunk)

        run_async(common, run_it())

    common.run(main)


def _eq(a, b):
    assert a == b
