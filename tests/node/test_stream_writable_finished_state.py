# Port of Node v20 test/parallel/test-stream-writable-finished-state.js.
# Deviations: `_writableState.finished` is private: the public
# `writable_finished` is checked.
from nodekit import stream


def test_writable_finished_state(common):
    def main():
        writable = stream.Writable()

        def _write(chunk, encoding, cb):
            assert writable.writable_finished is False
            cb()

        def finished(*_):
            assert writable.writable_finished is True

        writable._write = _write
        writable.on("finish", common.must_call(finished))
        writable.end("testing finished state", common.must_call(finished))

    common.run(main)
