# Port of Node v20 test/parallel/test-stream-pipe-flow-after-unpipe.js.
# Deviations: none beyond Python spelling.
from nodekit import set_immediate
from nodekit.stream import Readable, Writable


def test_unpipe_unblocks_a_source_waiting_on_the_writable(common):
    def main():
        # That read is called at least 20 times is the real test here.
        rs = Readable(high_water_mark=1,
                      read=common.must_call_at_least(lambda size: rs.push("foo"), 20))

        def write(chunk, enc, cb):
            # Ignore the callback: this write() never finishes.
            set_immediate(lambda: rs.unpipe(ws))

        ws = Writable(high_water_mark=1, write=common.must_call(write))
        chunks = {"n": 0}

        def on_data(chunk):
            chunks["n"] += 1
            if chunks["n"] >= 20:
                rs.pause()  # finish this test

        rs.on("data", common.must_call_at_least(on_data))
        rs.pipe(ws)

    common.run(main)
