# Port of Node v20 test/parallel/test-stream-writable-samecb-singletick.js.
# Deviations: Node counts TickObjects with async_hooks while console.log() (a
# Console over the Writable) writes 100 times with one callback. Here the 100
# writes pass one callback and the single tick is observed by its order: a tick
# queued right after the first write runs after all 100 callbacks only if the
# later writes joined the first write's tick instead of queuing their own.
from nodekit import next_tick
from nodekit.stream import Writable


def test_writes_with_the_same_callback_share_one_tick(common):
    def main():
        done = {"n": 0}

        def on_written(err=None):
            done["n"] += 1

        w = Writable(write=common.must_call(lambda chunk, enc, cb: cb(), n=100))

        def probe():
            assert done["n"] == 100

        w.write("0\n", on_written)
        next_tick(common.must_call(probe))
        for i in range(1, 100):
            w.write(f"{i}\n", on_written)

    common.run(main)
