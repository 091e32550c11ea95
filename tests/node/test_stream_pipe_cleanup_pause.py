# Port of Node v20 test/parallel/test-stream-pipe-cleanup-pause.js.
# Deviations: none beyond Python spelling.
from nodekit import set_immediate, stream

BUFFER = bytes(560000)


def test_repipe_after_unpipe_flows(common):
    def main():
        reader = stream.Readable()
        writer1 = stream.Writable()
        writer2 = stream.Writable()
        reader._read = lambda size: None

        def write1(chunk, encoding, cb):
            writer1.emit("chunk-received")
            cb()

        writer1._write = common.must_call(write1)

        def on_chunk():
            reader.unpipe(writer1)
            reader.pipe(writer2)
            reader.push(BUFFER)

            def later():
                reader.push(BUFFER)
                set_immediate(lambda: reader.push(BUFFER))

            set_immediate(later)

        writer1.once("chunk-received", on_chunk)
        writer2._write = common.must_call(lambda chunk, encoding, cb: cb(), n=3)
        reader.pipe(writer1)
        reader.push(BUFFER)

    common.run(main)
