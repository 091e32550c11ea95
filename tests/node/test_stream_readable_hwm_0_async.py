# Port of Node v20 test/parallel/test-stream-readable-hwm-0-async.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable


def test_hwm_0_async_pushes_flow(common):
    def main():
        count = {"n": 5}

        def push():
            if count["n"]:
                count["n"] -= 1
                r.push("a")
            else:
                count["n"] -= 1
                r.push(None)

        def read(size):
            next_tick(common.must_call(push))

        r = Readable(read=common.must_call(read, n=6), high_water_mark=0)
        r.on("end", common.must_call())
        r.on("data", common.must_call(n=5))

    common.run(main)
