# Port of Node v20 test/parallel/test-stream-unpipe-event.js.
# Deviations: `_readableState.pipes` is `_readable_state.pipes`.
import pytest

from nodekit import set_immediate
from nodekit.stream import Readable, Writable


class NullWriteable(Writable):
    def _write(self, chunk, encoding, callback):
        return callback()


class QuickEndReadable(Readable):
    def _read(self, size):
        self.push(None)


class NeverEndReadable(Readable):
    def _read(self, size):
        pass


@pytest.mark.parametrize(("src_cls", "end", "unpipe", "unpiped"), [
    (QuickEndReadable, True, False, True), (NeverEndReadable, True, False, False),
    (NeverEndReadable, True, True, True), (QuickEndReadable, False, False, True),
    (NeverEndReadable, False, False, False), (NeverEndReadable, False, True, True)])
def test_unpipe_event(common, src_cls, end, unpipe, unpiped):
    def main():
        dest = NullWriteable()
        src = src_cls()
        dest.on("pipe", common.must_call())
        dest.on("unpipe", common.must_call() if unpiped else common.must_not_call("unpipe"))
        src.pipe(dest, end=end)
        if unpipe:
            src.unpipe(dest)

        def later():
            assert len(src._readable_state.pipes) == (0 if unpiped else 1)

        set_immediate(common.must_call(later))

    common.run(main)
