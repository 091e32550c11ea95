# Port of Node v20 test/parallel/test-stream-readable-default-encoding.js.
# Deviations: `chunk.toString('hex')` is `chunk.hex()`.
from nodekit.stream import Readable
from tests.node._common import raises


def test_unknown_default_encoding_throws(common):
    def main():
        raises(lambda: Readable(read=lambda size: None, default_encoding="my invalid encoding"),
               code="ERR_UNKNOWN_ENCODING")

    common.run(main)


def test_default_encoding_decodes_pushed_strings(common):
    def main():
        r = Readable(read=lambda size: None, default_encoding="hex")
        r.push("ab")
        r.on("data", common.must_call(lambda chunk: _eq(chunk.hex(), "ab")))

    common.run(main)


def test_explicit_encoding_wins_over_default(common):
    def main():
        r = Readable(read=lambda size: None, default_encoding="hex")
        r.push("xy", "utf-8")
        r.on("data", common.must_call(lambda chunk: _eq(chunk.decode("utf-8"), "xy")))

    common.run(main)


def _eq(a, b):
    assert a == b
