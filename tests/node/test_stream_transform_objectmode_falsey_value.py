# Port of Node v20 test/parallel/test-stream-transform-objectmode-falsey-value.js.
# Deviations: none beyond Python spelling.
from nodekit import clear_interval, set_interval
from nodekit.stream import PassThrough

EXPECT = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_falsey_objects_flow_through_two_transforms(common):
    def main():
        src = PassThrough(object_mode=True)
        tx = PassThrough(object_mode=True)
        dest = PassThrough(object_mode=True)
        results = []
        dest.on("data", common.must_call(results.append, n=len(EXPECT)))
        src.pipe(tx).pipe(dest)
        state = {"i": -1}

        def tick():
            if len(results) == len(EXPECT):
                src.end()
                clear_interval(timer)
                assert results == EXPECT
            else:
                src.write(state["i"])
                state["i"] += 1

        timer = set_interval(common.must_call(tick, n=len(EXPECT) + 1), 1)

    common.run(main)
