# Port of Node v20 test/parallel/test-stream-readable-unshift.js.
# Deviations: `Buffer.from(s, enc).toString(enc2)` is spelled with `_buf`/`_str`
# below; the last block's console.log of chunk lengths is dropped.
import base64

import pytest

from nodekit.stream import Readable


def _buf(s, encoding):
    if encoding == "base64":
        return base64.b64decode(s)
    if encoding == "hex":
        # Node decodes hex up to the first incomplete or invalid pair.
        out = bytearray()
        for i in range(0, len(s) - 1, 2):
            try:
                out.append(int(s[i:i + 2], 16))
            except ValueError:
                break
        return bytes(out)
    return s.encode("latin-1" if encoding in ("binary", "latin1") else encoding)


def _str(b, encoding):
    if encoding == "base64":
        return base64.b64encode(b).decode()
    if encoding == "hex":
        return b.hex()
    return b.decode("latin-1" if encoding in ("binary", "latin1") else encoding)


def _reader(**options):
    return Readable(read=lambda size: None, **options)


def test_unshift_string_gives_a_buffer(common):
    def main():
        readable = _reader()

        def on_data(chunk):
            assert isinstance(chunk, bytes)
            assert chunk.decode("utf8") == "abc"

        readable.on("data", common.must_call(on_data))
        readable.unshift("abc")

    common.run(main)


def test_unshift_goes_before_push(common):
    def main():
        readable = _reader()
        expected = ["front", "back"]
        readable.on("data", common.must_call(
            lambda chunk: _eq(chunk.decode("utf8"), expected.pop(0)), n=2))
        readable.push("back")
        readable.unshift("front")

    common.run(main)


def test_unshift_with_encoding(common):
    def main():
        readable = _reader()
        string = _str(b"abc", "base64")
        readable.on("data", common.must_call(lambda chunk: _eq(_str(chunk, "base64"), string)))
        readable.unshift(string, "base64")

    common.run(main)


def _encoded_reader(how, encoding):
    """A reader with ``encoding`` given by set_encoding() or the option."""
    if how == "option":
        return _reader(encoding=encoding)
    r = _reader()
    r.set_encoding(encoding)
    return r


@pytest.mark.parametrize("how", ["set_encoding", "option"])
def test_unshift_encodings_into_an_encoded_stream(common, how):
    stream_encoding = "base64"

    def main():
        r = _encoded_reader(how, stream_encoding)
        encodings = ["utf8", "binary", "hex", "base64"]
        expected = []

        def on_data(chunk):
            encoding, string = expected.pop()
            # `chunk.toString(encoding)` of a string chunk is the string itself.
            assert chunk == string, (encoding, chunk, string)

        r.on("data", common.must_call(on_data, n=len(encodings)))
        for encoding in encodings:
            string = "abc"
            expect = (_str(_buf(string, encoding), stream_encoding)
                      if encoding != stream_encoding else string)
            expected.append((encoding, expect))
            r.unshift(string, encoding)

    common.run(main)


@pytest.mark.parametrize("how", ["set_encoding", "option"])
def test_push_and_unshift_into_an_encoded_stream(common, how):
    encoding = "base64"

    def main():
        r = _encoded_reader(how, encoding)
        r.on("data", common.must_call(lambda chunk: _eq(chunk, _str(b"abc", encoding)), n=2))
        r.push("abc")
        r.unshift("abc")

    common.run(main)


def test_unshift_in_object_mode(common):
    def main():
        readable = _reader(object_mode=True)
        chunks = ["a", 1, {}, []]
        readable.on("data", common.must_call(lambda chunk: _is(chunk, chunks.pop()),
                                             n=len(chunks)))
        for chunk in list(chunks):
            readable.unshift(chunk)

    common.run(main)


class ArrayReader(Readable):
    HWM = 50

    def __init__(self):
        super().__init__(high_water_mark=self.HWM)
        self.items = [str(0)] * (self.HWM * 2)

    def _read(self, size):
        while self.items:
            chunk = self.items.pop(0)
            if not self.items:
                self.push(chunk)
                self.push(None)
                return True
            if not self.push(chunk):
                return None
        return None


def test_unshift_after_read_in_readable_then_flow(common):
    def main():
        stream = ArrayReader()

        def on_read():
            while stream.read() is not None:
                stream.remove_listener("readable", on_read)
                stream.unshift("a")
                stream.on("data", lambda chunk: None)
                break

        stream.once("readable", common.must_call(on_read))
        stream.on("end", common.must_call())

    common.run(main)


def _eq(a, b):
    assert a == b


def _is(a, b):
    assert a is b
