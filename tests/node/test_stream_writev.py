# Port of Node v20 test/parallel/test-stream-writev.js.
# Deviations: `_writev` gets `(chunk, encoding)` pairs (Node: `{chunk, encoding}`
# objects); the eight variants run as parametrized tests, not chained.
import itertools

import pytest

from nodekit.stream import Writable

DECODED = [
    ("buffer", list(b"hello, ")),
    ("buffer", list(b"world")),
    ("buffer", [33]),
    ("buffer", list(b"\nand then...")),
    ("buffer", list(bytes.fromhex("facebea7deadbeefdecafbad"))),
]
RAW = [
    ("ascii", "hello, "),
    ("utf8", "world"),
    ("buffer", [33]),
    ("latin1", "\nand then..."),
    ("hex", "facebea7deadbeefdecafbad"),
]


@pytest.mark.parametrize(("decode", "uncork", "multi"),
                         list(itertools.product([False, True], repeat=3)))
def test_writev_gets_corked_chunks(common, decode, uncork, multi):
    def main():
        state = {"counter": 0, "expect": 0}

        def cnt(msg):
            state["expect"] += 1
            expect = state["expect"]

            def cb(er=None, *_args):
                assert er is None
                state["counter"] += 1
                assert state["counter"] == expect, msg

            return cb

        w = Writable(decode_strings=decode)
        w._write = common.must_not_call("Should not call _write")
        actual = {}

        def _writev(chunks, cb):
            actual["chunks"] = [
                (enc, list(chunk) if isinstance(chunk, (bytes, bytearray)) else chunk)
                for chunk, enc in chunks]
            cb()

        w._writev = _writev
        w.cork()
        w.write("hello, ", "ascii", cnt("hello"))
        w.write("world", "utf8", cnt("world"))
        if multi:
            w.cork()
        w.write(b"!", "buffer", cnt("!"))
        w.write("\nand then...", "latin1", cnt("and then"))
        if multi:
            w.uncork()
        w.write("facebea7deadbeefdecafbad", "hex", cnt("hex"))
        if uncork:
            w.uncork()
        w.end(cnt("end"))

        def on_finish():
            # 'finish' comes after every write callback.
            cnt("finish")()
            assert actual["chunks"] == (DECODED if decode else RAW)

        w.on("finish", common.must_call(on_finish))

    common.run(main)


def test_writev_option_with_a_single_write(common):
    def main():
        w = Writable(writev=common.must_call(lambda chunks, cb: cb()))
        w.write("asd", common.must_call())

    common.run(main)
