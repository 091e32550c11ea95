# Port of Node v20 test/parallel/test-stream-pipe-await-drain-manual-resume.js.
# Deviations: `_readableState.awaitDrainWriters` is `_readable_state.await_drain_writers`.
from nodekit import next_tick
from nodekit.stream import Readable, Writable


def test_manual_resume_keeps_await_drain(common):
    def main():
        writable = Writable(high_water_mark=5)
        box = {"buffering": True}
        queue = []

        def _write(chunk, encoding, cb):
            if box["buffering"]:
                queue.append(cb)
            else:
                cb()

        writable._write = _write
        readable = Readable(read=lambda size: None)
        readable.pipe(writable)

        def awaiting():
            return readable._readable_state.await_drain_writers

        def second_pause():
            assert awaiting() is writable, \
                f".resume() should not reset await_drain_writers, got {awaiting()!r}"
            # Handle every chunk from now on: once the queued callbacks ran,
            # the pending chunks of the readable side are flushed.
            box["buffering"] = False
            for cb in queue:
                cb()

        def first_pause():
            assert awaiting() is writable, f"expected the writable, got {awaiting()!r}"
            # Resume by hand; the next write() still returns False (chunks are
            # still buffered), so await drain is set again.
            next_tick(common.must_call(readable.resume))
            readable.once("pause", common.must_call(second_pause))

        readable.once("pause", common.must_call(first_pause))
        readable.push(bytes(100))  # fills the writable's buffer: first 'pause'
        readable.push(bytes(100))  # second 'pause'
        readable.push(bytes(100))  # gets through to the writable
        readable.push(None)

        def on_finish():
            assert awaiting() is None, f"await_drain_writers not reset: {awaiting()!r}"

        writable.on("finish", common.must_call(on_finish))

    common.run(main)
