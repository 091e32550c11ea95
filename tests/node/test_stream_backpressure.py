# Port of Node v20 test/parallel/test-stream-backpressure.js.
# Deviations: none beyond Python spelling.
from nodekit import set_immediate
from nodekit.stream import Readable, Writable


def test_readable_stops_reading_while_over_hwm(common):
    def main():
        pushes = {"n": 0}
        total = 65500 + 40 * 1024

        def read(size):
            pushes["n"] += 1
            if pushes["n"] - 1 == 10:
                rs.push(None)
                return
            # At most two full runs of _read before stopping: a Readable is
            # greedy to keep its buffer full.
            assert rs._readable_state.length <= total
            rs.push(bytes(65500))
            for _ in range(40):
                rs.push(bytes(1024))
            # Over the high-water mark now, but a new _read is scheduled anyway.

        rs = Readable(read=common.must_call(read, n=11))
        ws = Writable(write=common.must_call(lambda data, enc, cb: set_immediate(cb), n=41 * 10))
        rs.pipe(ws)

    common.run(main)
