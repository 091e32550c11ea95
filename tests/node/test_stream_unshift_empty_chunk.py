# Port of Node v20 test/parallel/test-stream-unshift-empty-chunk.js.
# Deviations: the 'end' listener is a must_call.
from nodekit import set_immediate
from nodekit.stream import Readable

EXPECT = ["xxxxxxxxxx", "yyyyy"] * 9


def test_unshift_of_an_empty_chunk(common):
    seen = []

    def main():
        r = Readable()
        state = {"n": 10, "read_all": False}
        chunk = b"x" * 10

        def _read(n):
            def later():
                state["n"] -= 1
                r.push(None if state["n"] == 0 else chunk)

            set_immediate(later)

        r._read = _read

        def on_readable():
            while (got := r.read()) is not None:
                seen.append(bytes(got).decode())
                put_back = b"y" * (0 if state["read_all"] else 5)
                state["read_all"] = not state["read_all"]
                r.unshift(put_back)

        r.on("readable", on_readable)

        def on_end():
            assert seen == EXPECT

        r.on("end", common.must_call(on_end))

    common.run(main)
