# Port of Node v20 test/parallel/test-stream-writable-decoded-encoding.js.
# Deviations: `typeof chunk` is the Python type.
from nodekit import stream
from tests.node._common import raises


class MyWritable(stream.Writable):
    def __init__(self, fn, **options):
        super().__init__(options)
        self.fn = fn

    def _write(self, chunk, encoding, callback):
        self.fn(isinstance(chunk, (bytes, bytearray, memoryview)), type(chunk), encoding)
        callback()


def expect(is_buffer, kind, enc):
    def check(got_buffer, got_kind, got_enc):
        assert got_buffer is is_buffer
        assert issubclass(got_kind, kind)
        assert got_enc == enc

    return check


def test_decoded_encodings(common):
    def main():
        m = MyWritable(expect(True, (bytes, bytearray, memoryview), "buffer"),
                       decode_strings=True)
        m.write("some-text", "utf8")
        m.end()
        m = MyWritable(expect(False, str, "utf8"), decode_strings=False)
        m.write("some-text", "utf8")
        m.end()
        raises(lambda: MyWritable(None, default_encoding="my invalid encoding").end(),
               code="ERR_UNKNOWN_ENCODING")
        w = MyWritable(expect(False, str, "hex"), default_encoding="hex", decode_strings=False)
        w.write("asd")
        w.end()
        w = MyWritable(expect(False, str, "utf8"), default_encoding=None, decode_strings=False)
        w.write("asd")
        w.end()
        m = MyWritable(expect(False, dict, "utf8"), default_encoding="hex", object_mode=True)
        m.write({"foo": "bar"}, "utf8")
        m.end()

    common.run(main)
