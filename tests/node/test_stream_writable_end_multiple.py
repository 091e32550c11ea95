# Port of Node v20 test/parallel/test-stream-writable-end-multiple.js.
# Deviations: none beyond Python spelling.
from nodekit import set_timeout, stream


def test_end_again_after_finish_errors_on_next_tick(common):
    def main():
        writable = stream.Writable()
        writable._write = lambda chunk, encoding, cb: set_timeout(cb, 10)
        writable.end("testing ended state", common.must_call())
        writable.end(common.must_call())

        def on_finish():
            state = {"ticked": False}

            def on_end(err=None):
                assert state["ticked"] is True
                assert err.code == "ERR_STREAM_ALREADY_FINISHED"

            writable.end(common.must_call(on_end))
            state["ticked"] = True

        writable.on("finish", common.must_call(on_finish))

    common.run(main)
