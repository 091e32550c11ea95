# Port of Node v20 test/parallel/test-stream-pipe-await-drain-push-while-write.js.
# Deviations: `_readableState.awaitDrainWriters` is `_readable_state.await_drain_writers`.
from nodekit import next_tick
from nodekit.stream import Readable, Writable


def test_await_drain_set_after_push_during_write(common):
    def main():
        def write(chunk, encoding, cb):
            assert readable._readable_state.await_drain_writers is None
            if len(chunk) == 32 * 1024:  # first chunk
                readable.push(bytes(34 * 1024))  # above the high-water mark
                # await_drain_writers is set after this method returns: check next tick.
                next_tick(lambda: _is(readable._readable_state.await_drain_writers, writable))
            next_tick(cb)

        writable = Writable(write=common.must_call(write, n=3))
        # A readable stream which produces two buffers, above the high-water mark.
        bufs = [bytes(32 * 1024), bytes(33 * 1024)]

        def read(size):
            while bufs:
                readable.push(bufs.pop(0))

        readable = Readable(read=read)
        readable.pipe(writable)

    common.run(main)


def _is(a, b):
    assert a is b
