# Port of Node v20 test/parallel/test-stream-pipe-multiple-pipes.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, stream

INPUT = bytes([1, 2, 3, 4, 5])


def test_one_readable_many_destinations(common):
    def main():
        readable = stream.Readable(read=lambda size: None)
        writables = []
        for _ in range(5):
            output = []

            def write(chunk, encoding, callback, output=output):
                output.append(bytes(chunk))
                callback()

            target = stream.Writable(write=common.must_call(write))
            target.on("pipe", common.must_call())
            readable.pipe(target)
            writables.append((target, output))

        readable.push(INPUT)

        def later():
            for target, output in writables:
                assert output == [INPUT]
                target.on("unpipe", common.must_call())
                readable.unpipe(target)
            readable.push("something else")  # does not get through
            readable.push(None)
            readable.resume()  # so that 'end' is emitted

        next_tick(common.must_call(later))

        def on_end():
            for _, output in writables:
                assert output == [INPUT]

        readable.on("end", common.must_call(on_end))

    common.run(main)
