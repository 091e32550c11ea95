# Port of Node v20 test/parallel/test-stream-write-drain.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Writable


def test_no_drain_when_ended(common):
    def main():
        w = Writable(write=lambda data, enc, cb: next_tick(cb), high_water_mark=1)
        w.on("drain", common.must_not_call("drain"))
        w.write("asd")
        w.end()

    common.run(main)
