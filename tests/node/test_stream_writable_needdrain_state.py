# Port of Node v20 test/parallel/test-stream-writable-needdrain-state.js.
# Deviations: `_writableState.needDrain` is `_writable_state.need_drain`.
from nodekit import next_tick, stream


def test_need_drain_flag(common):
    def main():
        def need_drain():
            return transform._writable_state.need_drain

        def _transform(chunk, encoding, cb):
            def later():
                assert need_drain() is True
                cb()

            next_tick(later)

        transform = stream.Transform(transform=_transform, high_water_mark=1)
        assert need_drain() is False

        def written(*_):
            assert need_drain() is False

        transform.write("asdasd", common.must_call(written))
        assert need_drain() is True

    common.run(main)
