# Port of Node v20 test/parallel/test-stream-writable-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None` (and `undefined`
# in a callback too); `err.name === 'AbortError'` is an AbortError instance;
# the prototype-built MyWritable is a subclass.
# The blocks shared with the other destroy ports live in
# tests/node/_twins/stream_destroy.py.
from nodekit import AbortController, AbortSignal, next_tick, set_immediate
from nodekit.stream import AbortError, Writable, add_abort_signal
from tests.node._twins import stream_destroy as body
from tests.node._twins.stream_destroy import WRITABLE

DESTROYED = "Cannot call write after a stream was destroyed"


def test_destroy(common):
    body.destroy(common, WRITABLE, error=False, resume=False, silent=("finish",))


def test_destroy_from_write(common):
    def main():
        def write_fn(chunk, enc, cb):
            write.destroy(Exception("asd"))
            cb()

        write = Writable(write=write_fn)
        write.on("error", common.must_call())
        write.on("finish", common.must_not_call("finish"))
        write.end("asd")
        assert write.destroyed is True

    common.run(main)


def test_destroy_with_error(common):
    body.destroy(common, WRITABLE, error=True, resume=False, silent=("finish",))


def test_own_destroy_passes_error(common):
    body.own_destroy_passes_error(common, WRITABLE, silent=("finish",), close=True,
                                  counted=False)


def test_destroy_option_swallows_error(common):
    body.destroy_option_swallows_error(common, WRITABLE, resume=False, silent=("finish",))


def test_destroy_without_error_passes_none(common):
    body.destroy_without_error_passes_none(common, WRITABLE)


def test_end_from_async_destroy_emits_no_finish(common):
    body.ending_from_async_destroy(common, WRITABLE, resume=False, silent=("finish",),
                                   close=True)


def test_destroy_callback_error_is_emitted(common):
    body.destroy_callback_error_is_emitted(common, WRITABLE, silent=("finish",), close=True)


def test_second_destroy_keeps_the_first_error(common):
    def main():
        write = WRITABLE.make()
        ticked = {"v": False}
        write.on("close", common.must_call(lambda: _eq(ticked["v"], True)))

        def on_error(err):
            assert ticked["v"] is True
            assert err.args[0] == "kaboom 1"
            assert write._writable_state.error_emitted is True

        write.on("error", common.must_call(on_error))
        expected = Exception("kaboom 1")
        write.destroy(expected)
        write.destroy(Exception("kaboom 2"))
        assert write._writable_state.errored is expected
        assert write._writable_state.error_emitted is False
        assert write.destroyed is True
        ticked["v"] = True

    common.run(main)


def test_second_destroy_while_destroying_is_ignored(common):
    body.second_destroy_while_destroying_is_ignored(common, WRITABLE, destroy_on_close=True)


def test_destroy_when_already_marked_destroyed(common):
    body.destroy_when_already_marked_destroyed(common, WRITABLE, resume=False,
                                               silent=("close",))


def test_subclass_sees_destroyed_false_before_init(common):
    body.subclass_sees_destroyed_false_before_init(common, WRITABLE)


def test_destroy_callback_after_destroyed(common):
    def main():
        write = WRITABLE.make()
        write.destroy()
        write.destroy(Exception("kaboom"), common.must_call(lambda err=None: _is(err, None)))

    common.run(main)


def test_undestroy_then_end_again(common):
    def main():
        write = Writable(write=common.must_not_call("write"),
                         final=common.must_call(lambda cb: cb(), n=2), auto_destroy=True)
        write.end()

        def on_close():
            write._undestroy()
            write.end()

        write.once("close", common.must_call(on_close))

    common.run(main)


def test_write_after_destroy_errors_in_callback(common):
    def main():
        write = Writable()
        write.destroy()
        write.on("error", common.must_not_call("error"))
        write.write("asd", common.expects_error(code="ERR_STREAM_DESTROYED", message=DESTROYED))

    common.run(main)


def test_corked_writes_after_destroy_error(common):
    def main():
        write = WRITABLE.make()
        write.on("error", common.must_not_call("error"))
        write.cork()
        write.write("asd", common.must_call())
        write.uncork()
        write.cork()
        write.write("asd", common.expects_error(code="ERR_STREAM_DESTROYED", message=DESTROYED))
        write.destroy()
        write.write("asd", common.expects_error(code="ERR_STREAM_DESTROYED", message=DESTROYED))
        write.uncork()

    common.run(main)


def _destroy_then_end(common, write, code):
    """``destroy()`` then ``end(cb)``: cb gets the ``code`` error, a tick later."""
    write.destroy()
    ticked = {"v": False}

    def on_end(err):
        assert ticked["v"] is True
        assert err.code == code

    write.end(common.must_call(on_end))
    ticked["v"] = True


def test_end_after_destroy_in_error_listener(common):
    def main():
        write = Writable(write=lambda chunk, enc, cb: cb(Exception("asd")))

        def on_error(*_args):
            _destroy_then_end(common, write, "ERR_STREAM_DESTROYED")

        write.on("error", common.must_call(on_error))
        write.write("asd")

    common.run(main)


def test_end_after_destroy_in_finish_listener(common):
    def main():
        write = WRITABLE.make()

        def on_finish():
            _destroy_then_end(common, write, "ERR_STREAM_ALREADY_FINISHED")

        write.on("finish", common.must_call(on_finish))
        write.end()

    common.run(main)


def test_destroy_error_reaches_pending_end_callback(common):
    def main():
        write = Writable(write=lambda chunk, enc, cb: next_tick(cb))
        err = Exception("asd")
        write.once("error", common.must_call(lambda e: _eq(e.args[0], "asd")))
        write.end("asd", common.must_call(lambda e: _is(e, err)))
        write.destroy(err)

    common.run(main)


def test_write_error_reaches_every_corked_callback(common):
    def main():
        err = Exception("asd")
        write = Writable(write=lambda chunk, enc, cb: next_tick(cb, err), auto_destroy=False)
        write.cork()
        write.write("asd", common.must_call(lambda e: _is(e, err)))
        write.write("asd", common.must_call(lambda e: _is(e, err)))
        write.on("error", common.must_call(lambda e: _is(e, err)))
        write.uncork()

    common.run(main)


def test_pending_write_callback_gets_destroyed_error(common):
    def main():
        state = {"n": 0}
        write = Writable(write=lambda chunk, enc, cb: set_immediate(cb))

        def first(err=None):
            assert state["n"] == 0
            state["n"] += 1

        def second(err=None):
            assert err.code == "ERR_STREAM_DESTROYED"
            assert state["n"] == 1
            state["n"] += 1

        write.write("asd", common.must_call(first))
        write.write("asd", common.must_call(second))
        write.destroy()

    common.run(main)


def test_double_callback_errors(common):
    def main():
        def write_fn(chunk, enc, cb):
            cb()
            cb()

        write = Writable(auto_destroy=False, write=write_fn)
        write.on("error", common.must_call(lambda *a: _truthy(write._writable_state.errored)))
        write.write("asd")

    common.run(main)


def _abort_error_and_destroyed(write):
    def check(e):
        assert isinstance(e, AbortError)
        assert write.destroyed is True

    return check


def test_add_abort_signal(common):
    def main():
        ac = AbortController()
        write = add_abort_signal(ac.signal, WRITABLE.make())
        write.on("error", common.must_call(_abort_error_and_destroyed(write)))
        write.write("asd")
        ac.abort()

    common.run(main)


def test_signal_option(common):
    def main():
        ac = AbortController()
        write = WRITABLE.make(signal=ac.signal)
        write.on("error", common.must_call(_abort_error_and_destroyed(write)))
        write.write("asd")
        ac.abort()

    common.run(main)


def test_signal_aborted_already(common):
    def main():
        write = WRITABLE.make(signal=AbortSignal.abort())
        write.on("error", common.must_call(_abort_error_and_destroyed(write)))

    common.run(main)


def test_destroy_twice_after_end(common):
    def main():
        write = WRITABLE.make()
        write.end(common.must_call())
        write.destroy()
        write.destroy()

    common.run(main)


def test_destroy_error_reaches_end_callback_of_pending_final(common):
    def main():
        s = Writable(final=lambda cb: None)
        err = Exception("oh no")
        s.end(common.must_call(lambda e: _is(e, err)))
        s.on("error", common.must_call(lambda e: _is(e, err)))
        s.destroy(err)

    common.run(main)


def _is(a, b):
    assert a is b


def _eq(a, b):
    assert a == b


def _truthy(v):
    assert v
