# Port of Node v20 test/parallel/test-stream-writable-ended-state.js.
# Deviations: `_writableState.ended` / `.writable` are private; the public
# `writable` and `writable_ended` are checked.
from nodekit import stream


def test_writable_ended_state(common):
    def main():
        writable = stream.Writable()

        def _write(chunk, encoding, cb):
            assert writable.writable_ended is False
            cb()

        writable._write = _write
        assert writable.writable is True
        assert writable.writable_ended is False

        def on_end(*_):
            assert writable.writable is False
            assert writable.writable_ended is True

        writable.end("testing ended state", common.must_call(on_end))
        assert writable.writable is False
        assert writable.writable_ended is True

    common.run(main)
