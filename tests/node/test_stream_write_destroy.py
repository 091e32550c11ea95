# Port of Node v20 test/parallel/test-stream-write-destroy.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit.stream import Writable


@pytest.mark.parametrize("with_pending_data", [False, True])
@pytest.mark.parametrize("use_end", [False, True])
def test_destroy_with_pending_writes(common, with_pending_data, use_end):
    def main():
        callbacks = []
        # high_water_mark=1: to observe 'drain' events easily.
        w = Writable(write=lambda data, enc, cb: callbacks.append(cb), high_water_mark=1)
        counts = {"written": 0, "drains": 0}

        def on_drain():
            counts["drains"] += 1

        w.on("drain", on_drain)

        def on_write(err=None):
            if err:
                assert w.destroyed is True
                assert err.code == "ERR_STREAM_DESTROYED"
            else:
                counts["written"] += 1

        w.write("abc", on_write)
        assert counts["written"] == 0
        assert counts["drains"] == 0
        callbacks.pop(0)()
        assert counts["written"] == 1
        assert counts["drains"] == 1
        if with_pending_data:
            # Data still in the write queue (never written either way).
            w.write("def", on_write)
        if use_end:
            w.end("ghi", on_write)
        else:
            w.write("ghi", on_write)
        assert counts["written"] == 1
        w.destroy()
        assert counts["written"] == 1
        callbacks.pop(0)()
        assert counts["written"] == (1 if use_end and not with_pending_data else 2)
        assert len(callbacks) == 0
        assert counts["drains"] == 1

    common.run(main)
