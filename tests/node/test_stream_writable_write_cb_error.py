# Port of Node v20 test/parallel/test-stream-writable-write-cb-error.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import next_tick
from nodekit.stream import Writable


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_write_callback_runs_before_error_event(common, sync):
    def main():
        called = {"v": False}

        def write(buf, enc, cb):
            if sync:
                cb(Exception())
            else:
                next_tick(cb, Exception())

        writable = Writable(write=common.must_call(write))

        def on_error(err):
            assert called["v"] is True

        def on_written(err=None):
            called["v"] = True

        writable.on("error", common.must_call(on_error))
        writable.write("hi", common.must_call(on_written))

    common.run(main)


def test_no_live_lock_on_sync_write_error(common):
    def main():
        writable = Writable(write=common.must_call(lambda buf, enc, cb: cb(Exception())))
        writable.on("error", common.must_call())
        cnt = 0
        while writable.write("a"):
            cnt += 1
        assert cnt == 0

    common.run(main)
