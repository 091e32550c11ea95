# Port of Node v20 test/parallel/test-stream-writable-final-destroy.js.
# Deviations: `queueMicrotask(callback)` is `next_tick(callback)`.
from nodekit import next_tick
from nodekit.stream import Writable


def test_destroy_while_final_pending_skips_finish(common):
    def main():
        w = Writable(write=lambda chunk, enc, cb: cb(None), final=lambda cb: next_tick(cb))
        w.end()
        w.destroy()
        w.on("prefinish", common.must_not_call("prefinish"))
        w.on("finish", common.must_not_call("finish"))
        w.on("close", common.must_call())

    common.run(main)
