# Port of Node v20 test/parallel/test-stream-pipe-await-drain.js.
# Deviations: `Buffer.allocUnsafe(560000)` is `bytes(560000)`;
# `_readableState.awaitDrainWriters.size` is `len(_readable_state.await_drain_writers)`.
from nodekit import next_tick, set_immediate
from nodekit.stream import Readable, Writable


def test_await_drain_counts_each_slow_writer(common):
    def main():
        reader = Readable()
        writer1, writer2, writer3 = Writable(), Writable(), Writable()
        # Larger than the default high-water mark: write() returns False
        # (nodejs/node#5820).
        buffer = bytes(560000)
        reader._read = lambda size: None

        def awaiting():
            return len(reader._readable_state.await_drain_writers)

        def write1(chunk, encoding, cb):
            writer1.emit("chunk-received")
            next_tick(cb)

        writer1._write = common.must_call(write1)

        def on_chunk_received():
            assert awaiting() == 0, f"await drain starts at 0, is {awaiting()}"
            # Not through to writer1: writer2 is not done processing.
            set_immediate(lambda: reader.push(buffer))

        writer1.once("chunk-received", on_chunk_received)

        def write2(chunk, encoding, cb):
            # A slow consumer: no cb, so called once (the first write returned False).
            assert awaiting() == 1, f"await drain is 1 after the first push, is {awaiting()}"

        def write3(chunk, encoding, cb):
            assert awaiting() == 2, f"await drain is 2 after the second push, is {awaiting()}"

        writer2._write = common.must_call(write2)
        writer3._write = common.must_call(write3)
        reader.pipe(writer1)
        reader.pipe(writer2)
        reader.pipe(writer3)
        reader.push(buffer)

    common.run(main)
