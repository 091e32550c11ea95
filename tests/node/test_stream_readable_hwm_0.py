# Port of Node v20 test/parallel/test-stream-readable-hwm-0.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable


def test_hwm_0_reads_once_and_ends(common):
    def main():
        r = Readable(read=common.must_call(lambda size: None), high_water_mark=0)
        state = {"pushed_null": False}

        def on_readable():
            assert r.read() is None
            assert state["pushed_null"] is True

        r.on("readable", common.must_call(on_readable))
        r.on("end", common.must_call())

        def later():
            assert r.read() is None
            state["pushed_null"] = True
            r.push(None)

        next_tick(later)

    common.run(main)
