# Port of Node v20 test/parallel/test-stream-readable-didRead.js.
# Deviations: `readableDidRead` / `isDisturbed` / `isErrored` are
# `readable_did_read` / `stream.is_disturbed` / `stream.is_errored`.
import pytest

from nodekit import set_immediate
from nodekit.stream import Readable, is_disturbed, is_errored


def _noop(*_args):
    pass


def check(common, readable, data, fn):
    assert readable.readable_did_read is False
    assert is_disturbed(readable) is False
    assert is_errored(readable) is False
    if data == -1:
        readable.on("error", common.must_call(lambda *a: _is_true(is_errored(readable))))
        readable.on("data", common.must_not_call("data"))
        readable.on("end", common.must_not_call("end"))
    else:
        readable.on("error", common.must_not_call("error"))
        readable.on("end", common.must_not_call("end") if data == -2 else common.must_call())
        readable.on("data", common.must_call_at_least(n=data) if data > 0
                    else common.must_not_call("data"))
    readable.on("close", common.must_call())
    fn()

    def later():
        assert readable.readable_did_read is (data > 0)
        if data > 0:
            assert is_disturbed(readable) is True

    set_immediate(later)


def _is_true(v):
    assert v is True


def _ending(self, size):
    self.push(None)


def _data_then_end(self, size):
    self.push("data")
    self.push(None)


def _listen_then_remove(r):
    r.on("data", _noop)
    r.off("data", _noop)


@pytest.mark.parametrize(("read", "data", "fn"), [
    (_ending, 0, lambda r: r.read()),
    (_ending, 0, lambda r: r.resume()),
    (_ending, -2, lambda r: r.destroy()),
    (_ending, -1, lambda r: r.destroy(Exception())),
    (_data_then_end, 1, lambda r: r.on("data", _noop)),
    (_data_then_end, 1, _listen_then_remove),
], ids=["read", "resume", "destroy", "destroy-error", "data", "data-off"])
def test_readable_did_read(common, read, data, fn):
    def main():
        readable = Readable(read=read)
        check(common, readable, data, lambda: fn(readable))

    common.run(main)
