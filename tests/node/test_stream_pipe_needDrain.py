# Port of Node v20 test/parallel/test-stream-pipe-needDrain.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable, Writable


def test_pipe_into_a_writable_that_needs_drain_pauses(common):
    def main():
        w = Writable(write=lambda buf, encoding, callback: next_tick(callback),
                     high_water_mark=1)
        while w.write("asd"):
            pass
        assert w.writable_need_drain is True

        def read(size):
            r.push("asd")
            r.push(None)

        r = Readable(read=read)
        r.on("pause", common.must_call(n=2))
        r.on("end", common.must_call())
        r.pipe(w)

    common.run(main)
