# Port of Node v20 test/parallel/test-stream-writable-change-default-encoding.js.
# Deviations: JS's `{}` as an encoding is a dict.
from nodekit import stream
from tests.node._common import raises


class MyWritable(stream.Writable):
    def __init__(self, fn, **options):
        super().__init__(options)
        self.fn = fn

    def _write(self, chunk, encoding, callback):
        self.fn(isinstance(chunk, bytes), type(chunk), encoding)
        callback()


def expect_encoding(expected):
    def check(is_buffer, kind, enc):
        assert enc == expected

    return check


def test_default_encodings(common):
    def main():
        m = MyWritable(expect_encoding("utf8"), decode_strings=False)
        m.write("foo")
        m.end()
        for name in ("ascii", "AsCii"):
            m = MyWritable(expect_encoding("ascii"), decode_strings=False)
            m.set_default_encoding(name)
            m.write("bar")
            m.end()

        def bad():
            m = MyWritable(lambda *a: None, decode_strings=False)
            m.set_default_encoding({})
            m.write("bar")
            m.end()

        raises(bad, code="ERR_UNKNOWN_ENCODING", cls=TypeError, message="Unknown encoding: ")

    common.run(main)
