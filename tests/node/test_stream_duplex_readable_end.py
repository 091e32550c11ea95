# Port of Node v20 test/parallel/test-stream-duplex-readable-end.js.
# Deviations: none beyond Python spelling.
from nodekit import stream


def test_transform_ending_its_readable_pauses_the_source(common):
    state = {"loops": 5}

    def main():
        def read(size):
            state["loops"] -= 1
            if state["loops"] + 1:
                src.push(bytes(20000))

        src = stream.Readable(read=read)

        def transform(chunk, output, fn):
            dst.push(None)
            fn()

        dst = stream.Transform(transform=transform)
        src.pipe(dst)
        dst.on("data", lambda d: None)

        def on_end():
            assert state["loops"] == 3
            assert src.is_paused()

        dst.on("end", common.must_call(on_end))

    common.run(main)
