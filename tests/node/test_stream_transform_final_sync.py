# Port of Node v20 test/parallel/test-stream-transform-final-sync.js.
# Deviations: none beyond Python spelling (hooks get the stream as `self`
# through a closure).
from nodekit import next_tick, stream


def test_final_and_flush_order(common):
    s = {"n": 0}

    def bump():
        s["n"] += 1
        return s["n"]

    def step(n):
        def check(*_):
            assert bump() == n

        return common.must_call(check)

    def main():
        def transform(chunk, _, nxt):
            assert bump() == chunk
            t.push(s["n"])
            assert bump() == chunk + 2
            next_tick(nxt)

        def final(done):
            assert bump() == 10
            assert bump() == 11
            done()

        def flush(done):
            assert bump() == 12

            def later():
                assert bump() == 13
                done()

            next_tick(later)

        t = stream.Transform(object_mode=True, transform=common.must_call(transform, n=3),
                             final=common.must_call(final), flush=common.must_call(flush))
        t.on("finish", step(15))
        t.on("end", step(16))

        def on_data(d):
            assert bump() == d + 1

        t.on("data", common.must_call(on_data, n=3))
        t.write(1)
        t.write(4)
        t.end(7, step(14))

    common.run(main)
    assert s["n"] == 16
