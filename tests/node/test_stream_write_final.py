# Port of Node v20 test/parallel/test-stream-write-final.js.
# Deviations: the final timer is 20 ms (Node: 100); `this` is the closure's w.
from nodekit import next_tick, set_timeout, stream


def test_finish_waits_for_final(common):
    state = {"shutdown": False}

    def main():
        def final(cb):
            def later():
                state["shutdown"] = True
                cb()

            set_timeout(later, 20)

        w = stream.Writable(final=common.must_call(final),
                            write=lambda chunk, e, cb: next_tick(cb))

        def on_finish():
            assert state["shutdown"]

        w.on("finish", common.must_call(on_finish))
        w.write(bytes(1))
        w.end(b"")

    common.run(main)
