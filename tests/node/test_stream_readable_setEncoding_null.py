# Port of Node v20 test/parallel/test-stream-readable-setEncoding-null.js.
# Deviations: `_readableState.encoding` is `_readable_state.encoding`.
from nodekit.stream import Readable


def test_set_encoding_none_is_utf8(common):
    def main():
        readable = Readable(encoding="hex")
        assert readable._readable_state.encoding == "hex"
        readable.set_encoding(None)
        assert readable._readable_state.encoding == "utf8"

    common.run(main)
