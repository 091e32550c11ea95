# Port of Node v20 test/parallel/test-stream-readable-setEncoding-existing-buffers.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import next_tick
from nodekit.stream import Readable


@pytest.mark.parametrize(("before", "after", "expected"), [
    ([b"a", b"b"], [], ["ab"]),
    ([b"\xf0", b"\x9f", b"\x8e", b"\x89"], [], ["🎉"]),
    ([b"\xf0", b"\x9f"], [b"\x8e", b"\x89"], ["🎉"])])
def test_set_encoding_decodes_buffered_chunks(common, before, after, expected):
    def main():
        r = Readable(read=lambda size: None)
        for chunk in before:
            r.push(chunk)
        r.set_encoding("utf8")
        for chunk in after:
            r.push(chunk)
        chunks = []
        r.on("data", chunks.append)

        def later():
            assert chunks == expected

        next_tick(common.must_call(later))

    common.run(main)
