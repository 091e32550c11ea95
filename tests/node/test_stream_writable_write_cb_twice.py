# Port of Node v20 test/parallel/test-stream-writable-write-cb-twice.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import next_tick
from nodekit.stream import Writable


def twice_sync(cb):
    cb()
    cb()


def second_on_tick(cb):
    cb()
    next_tick(cb)


def both_on_tick(cb):
    next_tick(cb)
    next_tick(cb)


@pytest.mark.parametrize("calls", [twice_sync, second_on_tick, both_on_tick])
def test_write_callback_twice_errors(common, calls):
    def main():
        writable = Writable(write=common.must_call(lambda buf, enc, cb: calls(cb)))
        writable.write("hi")
        writable.on("error", common.expects_error(code="ERR_MULTIPLE_CALLBACK"))

    common.run(main)
