# Port of Node v20 test/parallel/test-stream-writableState-ending.js.
# Deviations: `_writableState` is `_writable_state`.
from nodekit import stream


def test_ending_finished_ended_states(common):
    def main():
        writable = stream.Writable()

        def states(ending, finished, ended):
            st = writable._writable_state
            assert (st.ending, st.finished, st.ended) == (ending, finished, ended)

        def _write(chunk, encoding, cb):
            states(False, False, False)
            cb()

        writable._write = _write
        writable.on("finish", common.must_call(lambda: states(True, True, True)))
        result = writable.end("testing function end()",
                              common.must_call(lambda *_: states(True, True, True)))
        assert result is writable
        states(True, False, True)

    common.run(main)
