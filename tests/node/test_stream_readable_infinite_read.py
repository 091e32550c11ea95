# Port of Node v20 test/parallel/test-stream-readable-infinite-read.js.
# Deviations: Node's `process.removeAllListeners('readable')` removes nothing
# (no such listener on process); the port just returns there too.
from nodekit.stream import Readable

BUF = bytes(8192)


def test_read_in_readable_refills_to_hwm(common):
    def main():
        readable = Readable(read=common.must_call(lambda size: readable.push(BUF), n=31))
        state = {"i": 0}

        def on_readable():
            state["i"] += 1
            if state["i"] == 11:
                return
            data = readable.read()
            assert len(data) == (8192 * 2 if state["i"] == 1 else 8192 * 3)

        readable.on("readable", common.must_call(on_readable, n=11))

    common.run(main)
