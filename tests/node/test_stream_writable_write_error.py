# Port of Node v20 test/parallel/test-stream-writable-write-error.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit.stream import Writable
from tests.node._common import raises


def expect_error(common, w, args, code, sync=False):
    if sync:
        raises(lambda: w.write(*args), code=code)
        return
    state = {"error_called": False, "ticked": False}

    def on_cb(err=None):
        assert state["ticked"] is True
        assert state["error_called"] is False
        assert err.code == code

    def on_error(err):
        state["error_called"] = True
        assert err.code == code

    w.write(*args, common.must_call(on_cb))
    state["ticked"] = True
    w.on("error", common.must_call(on_error))


@pytest.mark.parametrize("auto_destroy", [False, True])
def test_write_errors(common, auto_destroy):
    def make(**extra):
        return Writable(auto_destroy=auto_destroy, write=lambda *a: None, **extra)

    def main():
        w = make()
        w.end()
        expect_error(common, w, ["asd"], "ERR_STREAM_WRITE_AFTER_END")
        make().destroy()
        expect_error(common, make(), [None], "ERR_STREAM_NULL_VALUES", sync=True)
        expect_error(common, make(), [{}], "ERR_INVALID_ARG_TYPE", sync=True)
        expect_error(common, make(decode_strings=False), ["asd", "noencoding"],
                     "ERR_UNKNOWN_ENCODING", sync=True)

    common.run(main)
