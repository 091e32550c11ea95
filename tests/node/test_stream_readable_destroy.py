# Port of Node v20 test/parallel/test-stream-readable-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None`; `err.name ===
# 'AbortError'` is an AbortError instance; the prototype-built MyReadable is a
# subclass; `assert.rejects(async iteration, /AbortError/)` is a coroutine
# expected to raise.
# The blocks shared with the writable/duplex/transform destroy ports live in
# tests/node/_twins/stream_destroy.py.
from nodekit import AbortController, set_timeout
from nodekit.stream import AbortError, Readable, add_abort_signal
from tests.node._streams import run_async
from tests.node._twins import stream_destroy as body
from tests.node._twins.stream_destroy import READABLE


def test_destroy(common):
    body.destroy(common, READABLE, error=False, resume=True, silent=(), check_errored=True)


def test_destroy_with_error(common):
    body.destroy(common, READABLE, error=True, resume=True, silent=("end",),
                 check_errored=True)


def test_own_destroy_passes_error(common):
    body.own_destroy_passes_error(common, READABLE, silent=("end",), close=True)


def test_destroy_option_swallows_error(common):
    body.destroy_option_swallows_error(common, READABLE, resume=False, silent=("end",))


def test_destroy_without_error_passes_none(common):
    body.destroy_without_error_passes_none(common, READABLE)


def test_push_null_from_async_destroy_emits_no_end(common):
    body.ending_from_async_destroy(common, READABLE, resume=True, silent=("end",), close=True)


def test_destroy_callback_error_is_emitted_next_tick(common):
    def main():
        read = READABLE.make()
        expected = Exception("kaboom")

        def _destroy(err, cb):
            assert err is None
            cb(expected)

        read._destroy = common.must_call(_destroy)
        ticked = {"v": False}
        read.on("end", common.must_not_call("no end event"))

        def on_error(err):
            assert ticked["v"] is True
            assert read._readable_state.error_emitted is True
            assert read._readable_state.errored is expected
            assert err is expected

        read.on("error", common.must_call(on_error))
        read.destroy()
        assert read._readable_state.error_emitted is False
        assert read._readable_state.errored is expected
        assert read.destroyed is True
        ticked["v"] = True

    common.run(main)


def test_destroy_when_already_marked_destroyed(common):
    body.destroy_when_already_marked_destroyed(common, READABLE, resume=True,
                                               silent=("end",))


def test_subclass_sees_destroyed_false_before_init(common):
    body.subclass_sees_destroyed_false_before_init(common, READABLE)


def test_destroy_callback_and_error_event(common):
    def main():
        read = READABLE.make()
        read.resume()
        expected = Exception("kaboom")
        ticked = {"v": False}

        def on_close():
            assert read._readable_state.error_emitted is True
            assert ticked["v"] is True

        read.on("close", common.must_call(on_close))
        read.on("error", common.must_call(lambda err: _is(err, expected)))
        assert read._readable_state.errored is None
        assert read._readable_state.error_emitted is False

        def on_destroyed(err):
            assert read._readable_state.errored is expected
            assert err is expected

        read.destroy(expected, common.must_call(on_destroyed))
        assert read._readable_state.error_emitted is False
        assert read._readable_state.errored is expected
        ticked["v"] = True

    common.run(main)


def test_second_destroy_while_destroying_is_ignored(common):
    body.second_destroy_while_destroying_is_ignored(common, READABLE, destroy_on_close=False)


def test_push_after_destroy_emits_no_data(common):
    def main():
        read = READABLE.make()
        read.destroy()
        read.push("hi")
        read.on("data", common.must_not_call("data"))

    common.run(main)


def test_read_after_destroy_does_not_call_read(common):
    def main():
        read = Readable(read=common.must_not_call("_read"))
        read.destroy()
        assert read.destroyed is True
        read.read()

    common.run(main)


def test_push_after_eof_errors_without_auto_destroy(common):
    def main():
        def read_fn(size):
            read.push(None)
            read.push("asd")

        read = Readable(auto_destroy=False, read=read_fn)
        read.on("error", common.must_call(lambda *a: _truthy(read._readable_state.errored)))
        read.resume()

    common.run(main)


def _abort_error(e):
    assert isinstance(e, AbortError), repr(e)


def _aborted_reader(common, make):
    """``make(signal, read)`` builds the reader; abort() destroys it with an
    AbortError, and no 'data' follows."""

    def main():
        controller = AbortController()
        read = make(controller.signal, lambda size: read.push("asd"))
        read.on("error", common.must_call(_abort_error))
        controller.abort()
        read.on("data", common.must_not_call("data"))

    common.run(main)


def test_add_abort_signal_destroys(common):
    _aborted_reader(common, lambda signal, read: add_abort_signal(signal, Readable(read=read)))


def test_signal_option_destroys(common):
    _aborted_reader(common, lambda signal, read: Readable(signal=signal, read=read))


def test_abort_during_async_iteration_rejects(common):
    def main():
        controller = AbortController()
        read = add_abort_signal(controller.signal,
                                Readable(object_mode=True, read=lambda size: False))
        read.push("asd")
        read.on("error", common.must_call(_abort_error))

        async def iterate():
            async for _chunk in read:
                pass

        run_async(common, iterate(), catch=_abort_error)
        set_timeout(controller.abort, 0)

    common.run(main)


def _dataless(common):
    """A readable whose 'data' must never fire."""
    read = READABLE.make()
    read.on("data", common.must_not_call("data"))
    return read


def test_push_and_read_in_error_and_close_listeners(common):
    def main():
        read = _dataless(common)

        def push_read(*_args):
            read.push("asd")
            read.read()

        read.on("error", common.must_call(push_read))
        read.on("close", common.must_call(push_read))
        read.destroy(Exception("asd"))

    common.run(main)


def test_push_and_read_in_close_listener(common):
    def main():
        read = _dataless(common)

        def push_read():
            read.push("asd")
            read.read()

        read.on("close", common.must_call(push_read))
        read.destroy()

    common.run(main)


def test_push_and_unshift_in_close_listener(common):
    def main():
        read = _dataless(common)

        def push_unshift():
            read.push("asd")
            read.unshift("asd")

        read.on("close", common.must_call(push_unshift))
        read.destroy()

    common.run(main)


def test_unshift_after_destroy(common):
    def main():
        read = _dataless(common)
        read.destroy()
        read.unshift("asd")

    common.run(main)


def test_push_in_close_listener_while_flowing(common):
    def main():
        read = READABLE.make()
        read.resume()
        read.on("data", common.must_not_call("data"))
        read.on("close", common.must_call(lambda: read.push("asd")))
        read.destroy()

    common.run(main)


def test_push_after_destroy_without_listeners(common):
    def main():
        read = _dataless(common)
        read.destroy()
        read.push("asd")

    common.run(main)


def _is(a, b):
    assert a is b


def _truthy(v):
    assert v
