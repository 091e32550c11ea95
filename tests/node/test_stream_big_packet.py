# Port of Node v20 test/parallel/test-stream-big-packet.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, set_immediate, stream


def test_a_chunk_over_hwm_reaches_the_pipe(common):
    state = {"passed": False}

    class TestStream(stream.Transform):
        def _transform(self, chunk, encoding, done):
            if not state["passed"]:
                state["passed"] = b"a" in bytes(chunk)
            done()

    def main():
        s1 = stream.Transform(transform=lambda chunk, enc, cb: next_tick(cb, None, chunk))
        s2 = stream.PassThrough()
        s3 = TestStream()
        s1.pipe(s3)
        s2.pipe(s3, end=False)
        big = b"x" * (s1.writable_high_water_mark + 1)
        assert not s1.write(big)
        assert s2.write("tiny")
        set_immediate(s1.write, "later")

    common.run(main)
    assert state["passed"], "Large buffer is not handled properly by Writable Stream"
