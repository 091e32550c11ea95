# Port of Node v20 test/parallel/test-stream-decoder-objectmode.js.
# Deviations: `Buffer.from('abc', 'utf16le')` is `'abc'.encode('utf-16-le')`.
from nodekit.stream import Readable


def test_object_mode_decoder_keeps_chunks_apart(common):
    common.run(main)


def main():
    readable = Readable(read=lambda size: None, encoding="utf16le", object_mode=True)
    readable.push("abc".encode("utf-16-le"))
    readable.push("def".encode("utf-16-le"))
    readable.push(None)
    # Without object mode, these would be concatenated into a single chunk.
    assert readable.read() == "abc"
    assert readable.read() == "def"
    assert readable.read() is None
