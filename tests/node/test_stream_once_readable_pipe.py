# Port of Node v20 test/parallel/test-stream-once-readable-pipe.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit.stream import Readable, Writable

DATA = ["foo", "bar", "baz"]


@pytest.mark.parametrize("readable_first", [True, False])
def test_once_readable_with_pipe(common, readable_first):
    def main():
        received = []

        def write(chunk, env, callback):
            received.append(bytes(chunk).decode())
            callback()

        w = Writable(write=write)
        r = Readable(read=lambda size: None)
        if readable_first:
            r.once("readable", common.must_call())
        r.pipe(w)
        for d in DATA:
            r.push(d)
        r.push(None)
        if not readable_first:
            r.once("readable", common.must_call())

        def on_finish():
            assert "".join(received) == "".join(DATA)

        w.on("finish", common.must_call(on_finish))

    common.run(main)
