# Port of Node v20 test/parallel/test-stream-transform-final.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, set_timeout
from nodekit.stream import Transform


def test_final_then_flush_then_finish_then_end(common):
    def main():
        state = {"n": 0}

        def bump():
            state["n"] += 1
            return state["n"]

        def transform(chunk, _, nxt):
            assert bump() == chunk  # transform callback, part 1
            t.push(state["n"])
            assert bump() == chunk + 2  # part 2
            next_tick(nxt)

        def final(done):
            assert bump() == 10  # final callback, part 1

            def later():
                assert bump() == 11  # part 2
                done()

            set_timeout(later, 100)

        def flush(done):
            assert bump() == 12  # flush callback, part 1

            def later():
                assert bump() == 13  # part 2
                done()

            next_tick(later)

        t = Transform(object_mode=True, transform=common.must_call(transform, n=3),
                      final=common.must_call(final), flush=common.must_call(flush))
        t.on("finish", common.must_call(lambda: _eq(bump(), 15)))
        t.on("end", common.must_call(lambda: _eq(bump(), 16)))
        t.on("data", common.must_call(lambda d: _eq(bump(), d + 1), n=3))
        t.write(1)
        t.write(4)
        t.end(7, common.must_call(lambda *a: _eq(bump(), 14)))

    common.run(main)


def _eq(a, b):
    assert a == b
