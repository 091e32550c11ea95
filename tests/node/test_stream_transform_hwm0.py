# Port of Node v20 test/parallel/test-stream-transform-hwm0.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, set_immediate
from nodekit.stream import Transform


def test_object_transform_with_hwm_0(common):
    def main():
        def transform(chunk, enc, callback):
            next_tick(lambda: callback(None, chunk, enc))

        t = Transform(object_mode=True, high_water_mark=0, transform=transform)
        assert t.write(1) is False

        def on_drain():
            assert t.write(2) is False
            t.end()

        t.on("drain", common.must_call(on_drain))

        def on_readable():
            assert t.read() == 1

            def later():
                assert t.read() is None

                def second():
                    assert t.read() == 2

                t.once("readable", common.must_call(second))

            set_immediate(common.must_call(later))

        t.once("readable", common.must_call(on_readable))

    common.run(main)
