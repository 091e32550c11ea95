# Port of Node v20 test/parallel/test-stream-writable-end-cb-error.js.
# Deviations: Node's `finish` option (not a Writable option, ignored) is left out.
from nodekit import next_tick, set_immediate, stream


def test_end_callbacks_get_the_write_error(common):
    def main():
        writable = stream.Writable()
        err = Exception("kaboom")
        writable._write = lambda chunk, encoding, cb: next_tick(cb, err)

        def is_err(e=None):
            assert e is err

        writable.on("error", common.must_call(is_err))
        writable.write("asd")
        writable.end(common.must_call(is_err))
        writable.end(common.must_call(is_err))

    common.run(main)


def test_error_emitted_after_finish_does_not_reach_end_callback(common):
    def main():
        writable = stream.Writable()
        writable._write = lambda chunk, encoding, cb: next_tick(cb)
        state = {"called": False}

        def on_end(e=None):
            state["called"] = True
            assert e is None

        writable.end("asd", common.must_call(on_end))

        def on_error(e):
            assert str(e) == "kaboom"

        def on_finish():
            assert state["called"] is True
            writable.emit("error", Exception("kaboom"))

        writable.on("error", common.must_call(on_error))
        writable.on("finish", common.must_call(on_finish))

    common.run(main)


def test_end_after_end_errors(common):
    def main():
        w = stream.Writable(write=lambda chunk, encoding, callback: set_immediate(callback))

        def after_end(e=None):
            assert e.code == "ERR_STREAM_WRITE_AFTER_END"

        w.end("testing ended state", common.must_call(after_end))
        assert w.destroyed is False
        assert w.writable_ended is True
        w.end(common.must_call(after_end))
        assert w.destroyed is False
        assert w.writable_ended is True
        w.end("end", common.must_call(after_end))
        assert w.destroyed is True
        w.on("error", common.must_call(after_end))
        w.on("finish", common.must_not_call("finish"))

    common.run(main)
