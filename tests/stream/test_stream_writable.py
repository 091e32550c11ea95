"""nodekit.stream.Writable, in the spirit of Node's test/parallel/test-stream-writable-*.js
(our own cases; orders checked against Node 20)."""

from __future__ import annotations

import asyncio

import pytest
from conftest import run

from nodekit import next_tick, set_immediate, set_timeout
from nodekit.errors import NodeError
from nodekit.stream import Writable


class Collect(Writable):
    """A Writable that records chunks and calls back synchronously."""

    def __init__(self, **options):
        super().__init__(**options)
        self.chunks = []

    def _write(self, chunk, encoding, callback):
        self.chunks.append((chunk, encoding))
        callback()


def record(stream, log, *events):
    for ev in events:
        stream.on(ev, lambda *args, ev=ev: log.append(ev))


# -- event order ---------------------------------------------------------------


def test_finish_comes_after_write_callbacks_and_final_then_close():
    log = []

    def main():
        def final(callback):
            log.append("final")
            callback()

        w = Writable(write=lambda chunk, enc, cb: (log.append("write"), cb()), final=final)
        record(w, log, "prefinish", "finish", "close")
        w.write("a", lambda err: log.append("write cb"))
        w.end(lambda err: log.append("end cb"))
        log.append("sync")

    run(main)
    assert log == ["write", "final", "prefinish", "sync", "write cb", "end cb", "finish",
                   "close"]


def test_final_may_call_back_later_and_finish_waits_for_it():
    log = []

    def main():
        def final(callback):
            log.append("final")
            set_timeout(callback, 5)

        w = Writable(write=lambda c, e, cb: cb(), final=final)
        record(w, log, "finish", "close")
        w.end("x")
        next_tick(lambda: log.append("tick"))

    run(main)
    assert log == ["final", "tick", "finish", "close"]


def test_async_final_finishes_only_by_its_callback():
    # Node v20: an async _final's promise is not awaited by the stream; its
    # callback finishes it (a return without calling back never finishes).
    log = []

    def main():
        def make(name, call_back):
            async def final(callback):
                await asyncio.sleep(0.001)
                log.append(name + " final")
                if call_back:
                    callback()

            w = Writable(write=lambda c, e, cb: cb(), final=final)
            w.on("finish", lambda: log.append(name + " finish"))
            w.end("x")

        make("a", True)
        make("b", False)

    run(main)
    assert sorted(log) == ["a final", "a finish", "b final"]


def test_async_final_raising_is_uncaught():
    # Node v20: an unhandled rejection (the process dies).
    def main():
        async def final(callback):
            raise RuntimeError("nope")

        Writable(write=lambda c, e, cb: cb(), final=final).end("x")

    with pytest.raises(RuntimeError, match="nope"):
        run(main)


def test_finish_waits_for_an_asynchronous_write():
    log = []

    def main():
        def write(chunk, enc, cb):
            log.append("write")
            set_timeout(lambda: (log.append("written"), cb()), 5)

        w = Writable(write=write)
        record(w, log, "finish", "close")
        w.end(b"data")
        assert w.writable_ended and not w.writable_finished

    run(main)
    assert log == ["write", "written", "finish", "close"]


def test_properties_track_the_lifecycle():
    w = Collect()
    seen = {}

    def main():
        assert w.writable and not w.writable_ended and not w.writable_finished
        assert w.writable_high_water_mark == 16384 and w.writable_length == 0
        assert not w.destroyed and not w.closed and w.errored is None
        assert w.writable_object_mode is False and w.writable_corked == 0
        w.end()
        assert not w.writable and w.writable_ended
        w.on("finish", lambda: seen.update(finished=w.writable_finished))

    run(main)
    assert seen == {"finished": True}
    assert w.destroyed and w.closed


def test_emit_close_false_suppresses_close():
    log = []

    def main():
        w = Collect(emit_close=False)
        record(w, log, "finish", "close")
        w.end()

    run(main)
    assert log == ["finish"]


def test_auto_destroy_false_keeps_the_stream_open_after_finish():
    w = Collect(auto_destroy=False)
    run(lambda: w.end())
    assert w.writable_finished and not w.destroyed


# -- back-pressure ---------------------------------------------------------------


def test_write_returns_false_at_the_high_water_mark_then_drain():
    log = []

    def main():
        w = Writable(high_water_mark=5, write=lambda c, e, cb: set_immediate(cb))
        w.on("drain", lambda: log.append(("drain", w.writable_length, w.writable_need_drain)))
        log.append(w.write(b"abc"))
        assert w.writable_length == 3 and not w.writable_need_drain
        log.append(w.write(b"def"))
        assert w.writable_length == 6 and w.writable_need_drain

    run(main)
    assert log == [True, False, ("drain", 0, False)]


def test_no_drain_when_the_mark_was_never_reached(must_call):
    def main():
        w = Writable(high_water_mark=100, write=lambda c, e, cb: set_immediate(cb))
        w.on("drain", must_call.never())
        assert w.write(b"x" * 10) is True

    run(main)


def test_high_water_mark_zero_still_accepts_a_synchronously_flushed_write():
    w = Collect(high_water_mark=0)
    run(lambda: None)
    assert w.write(b"a") is True


# -- cork / writev -----------------------------------------------------------------


def test_uncork_sends_all_buffered_chunks_to_writev_at_once():
    calls = []

    def main():
        def writev(chunks, callback):
            calls.append(list(chunks))
            callback()

        w = Writable(write=lambda c, e, cb: (calls.append(c), cb()), writev=writev)
        w.cork()
        w.write("1")
        w.write(b"2")
        w.write(bytearray(b"3"))
        assert w.writable_corked == 1 and w.writable_length == 3
        assert calls == []
        next_tick(w.uncork)

    run(main)
    assert calls == [[(b"1", "buffer"), (b"2", "buffer"), (b"3", "buffer")]]


def test_nested_cork_needs_as_many_uncorks():
    calls = []

    def writev(chunks, callback):
        calls.append(len(chunks))
        callback()

    w = Writable(write=lambda c, e, cb: cb(), writev=writev)
    w.cork()
    w.cork()
    w.write("a")
    w.write("b")
    w.uncork()
    assert calls == [] and w.writable_corked == 1
    w.uncork()
    assert calls == [2] and w.writable_corked == 0
    run(lambda: None)


def test_writev_callbacks_reach_every_buffered_write(must_call):
    def writev(chunks, callback):
        set_immediate(callback)

    def main():
        w = Writable(write=lambda c, e, cb: cb(), writev=writev)
        w.cork()
        w.write("a", must_call(lambda err: None))
        w.write("b", must_call(lambda err: None))
        w.end(must_call(lambda err: None))

    run(main)


def test_end_uncorks():
    calls = []

    def writev(chunks, callback):
        calls.append([c for c, _ in chunks])
        callback()

    def main():
        w = Writable(write=lambda c, e, cb: cb(), writev=writev)
        w.cork()
        w.write("a")
        w.end("b")

    run(main)
    assert calls == [[b"a", b"b"]]


def test_without_writev_uncork_writes_one_chunk_at_a_time():
    w = Collect()
    w.cork()
    w.write("a")
    w.write("b")
    w.uncork()
    assert w.chunks == [(b"a", "buffer"), (b"b", "buffer")]
    run(lambda: None)


def test_writev_alone_serves_single_writes_too():
    seen = []

    def writev(chunks, callback):
        seen.append(chunks)
        callback()

    w = Writable(writev=writev)
    w.write(b"x")
    assert seen == [[(b"x", "buffer")]]
    run(lambda: None)


# -- chunks and encodings -------------------------------------------------------------


def test_str_is_encoded_and_bytes_like_chunks_become_bytes():
    w = Collect()
    w.write("héllo")
    w.write("68656c6c6f", "hex")
    w.write(bytearray(b"ab"))
    w.write(memoryview(b"cd"))
    assert w.chunks == [("héllo".encode(), "buffer"), (b"hello", "buffer"),
                        (b"ab", "buffer"), (b"cd", "buffer")]
    assert all(type(c) is bytes for c, _ in w.chunks)
    run(lambda: None)


def test_decode_strings_false_passes_str_with_its_encoding():
    w = Collect(decode_strings=False)
    w.write("abc")
    w.write("ff", "hex")
    assert w.chunks == [("abc", "utf8"), ("ff", "hex")]
    run(lambda: None)


def test_set_default_encoding_applies_to_later_strings():
    w = Collect()
    assert w.set_default_encoding("LATIN1") is w
    w.write("é")
    assert w.chunks == [(b"\xe9", "buffer")]
    with pytest.raises(TypeError) as info:
        w.set_default_encoding("nope")
    assert info.value.code == "ERR_UNKNOWN_ENCODING"
    run(lambda: None)


def test_object_mode_counts_objects_and_keeps_them_as_is():
    w = Collect(object_mode=True)
    assert w.writable_high_water_mark == 16
    w.write({"a": 1})
    w.write(42)
    assert w.chunks == [({"a": 1}, None), (42, None)]
    run(lambda: None)


def test_write_none_raises_null_values():
    w = Collect()
    with pytest.raises(TypeError) as info:
        w.write(None)
    assert info.value.code == "ERR_STREAM_NULL_VALUES"
    run(lambda: None)


def test_write_of_a_non_bytes_chunk_raises_invalid_arg_type():
    w = Collect()
    with pytest.raises(TypeError) as info:
        w.write(123)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    run(lambda: None)


def test_missing_write_raises_method_not_implemented():
    with pytest.raises(NodeError) as info:
        Writable().write(b"x")
    assert info.value.code == "ERR_METHOD_NOT_IMPLEMENTED"
    run(lambda: None)


# -- end() argument shuffling ---------------------------------------------------------


def test_end_accepts_chunk_encoding_and_callback_in_node_shapes(must_call):
    def main():
        a = Collect()
        a.end(must_call(lambda err: None))
        b = Collect()
        b.end("x", must_call(lambda err: None))
        c = Collect()
        c.end("ff", "hex", must_call(lambda err: None))
        set_timeout(lambda: (b.chunks, c.chunks) == ([(b"x", "buffer")], [(b"\xff", "buffer")])
                    or pytest.fail("wrong chunks"), 1)

    run(main)


def test_end_returns_self_and_end_twice_is_harmless(must_call):
    def main():
        w = Collect()
        assert w.end() is w
        w.end()
        w.on("finish", must_call())

    run(main)


def test_end_after_finish_reports_already_finished(must_call):
    errors = []
    w = Collect()

    def main():
        w.end()
        w.on("finish", lambda: w.end(must_call(lambda err: errors.append(err.code))))

    run(main)
    assert errors == ["ERR_STREAM_ALREADY_FINISHED"]


# -- errors -------------------------------------------------------------------------


def test_write_after_end_errors_asynchronously_and_calls_the_callback():
    log = []

    def main():
        w = Collect()
        w.on("error", lambda err: log.append(("error", err.code)))
        w.on("close", lambda: log.append("close"))
        w.end()
        assert w.write("x", lambda err: log.append(("cb", err.code))) is False
        log.append("sync")

    run(main)
    assert log == ["sync", ("cb", "ERR_STREAM_WRITE_AFTER_END"),
                   ("error", "ERR_STREAM_WRITE_AFTER_END"), "close"]


def test_write_after_end_without_error_listener_is_uncaught():
    def main():
        w = Collect()
        w.end()
        w.write("x")

    with pytest.raises(NodeError) as info:
        run(main)
    assert info.value.code == "ERR_STREAM_WRITE_AFTER_END"


def test_an_error_from_write_reaches_callback_then_error_then_close():
    log = []

    def main():
        w = Writable(write=lambda c, e, cb: cb(ValueError("disk full")))
        w.on("error", lambda err: log.append(("error", str(err))))
        w.on("close", lambda: log.append("close"))
        w.on("finish", lambda: log.append("finish"))
        w.write("x", lambda err: log.append(("cb", str(err))))
        w.end()

    run(main)
    assert log == [("cb", "disk full"), ("error", "disk full"), "close"]


def test_calling_the_write_callback_twice_is_an_error():
    errors = []

    def main():
        def write(chunk, enc, cb):
            cb()
            cb()

        w = Writable(write=write)
        w.on("error", lambda err: errors.append(err.code))
        w.write("x")

    run(main)
    assert errors == ["ERR_MULTIPLE_CALLBACK"]


def test_final_error_is_emitted_and_finish_never_comes(must_call):
    errors = []

    def main():
        w = Writable(write=lambda c, e, cb: cb(), final=lambda cb: cb(RuntimeError("nope")))
        w.on("error", lambda err: errors.append(str(err)))
        w.on("close", lambda: errors.append("close"))
        w.on("finish", must_call.never())
        w.end(must_call(lambda err: errors.append(("end cb", str(err)))))

    run(main)
    # Node 20: the end() callback comes last (the error was known when end() returned).
    assert errors == ["nope", "close", ("end cb", "nope")]


# -- destroy ---------------------------------------------------------------------------


def test_destroy_without_error_emits_only_close():
    log = []

    def main():
        w = Collect()
        record(w, log, "error", "finish", "close")
        w.destroy()
        assert w.destroyed and w.closed  # the default _destroy calls back at once
        log.append("sync")

    run(main)
    assert log == ["sync", "close"]


def test_destroy_with_error_emits_error_then_close():
    log = []
    w = Collect()

    def main():
        w.on("error", lambda err: log.append(("error", str(err))))
        w.on("close", lambda: log.append("close"))
        w.destroy(OSError("gone"))
        assert isinstance(w.errored, OSError)

    run(main)
    assert log == [("error", "gone"), "close"]
    assert w.closed


def test_custom_destroy_decides_the_error():
    log = []

    def main():
        def destroy(err, callback):
            log.append(("_destroy", err))
            callback(KeyError("replaced"))

        w = Writable(write=lambda c, e, cb: cb(), destroy=destroy)
        w.on("error", lambda err: log.append(("error", type(err).__name__)))
        w.on("close", lambda: log.append("close"))
        w.destroy()
        w.destroy()  # a second destroy does nothing

    run(main)
    assert log == [("_destroy", None), ("error", "KeyError"), "close"]


def test_destroy_fails_queued_writes_and_end_callback_once_the_current_write_returns():
    codes = []

    def main():
        w = Writable(write=lambda c, e, cb: set_timeout(cb, 5))
        w.on("close", lambda: codes.append("close"))
        w.write("a", lambda err: codes.append(("a", err)))
        w.write("b", lambda err: codes.append(("b", err.code)))
        w.end(lambda err: codes.append(("end", err.code)))
        w.destroy()

    run(main)
    assert codes == ["close", ("a", None), ("b", "ERR_STREAM_DESTROYED"),
                     ("end", "ERR_STREAM_DESTROYED")]


def test_write_after_destroy_calls_back_with_destroyed(must_call):
    def main():
        w = Collect()
        w.destroy()
        w.write("x", must_call(lambda err: err.code == "ERR_STREAM_DESTROYED"
                               or pytest.fail(err)))

    run(main)


def test_simplified_constructor_binds_functions_taking_self():
    seen = []

    def write(self, chunk, encoding, callback):
        seen.append(self)
        callback()

    w = Writable({"write": write})
    w.write(b"x")
    assert seen == [w]
    run(lambda: None)


def test_unknown_encoding_raises():
    w = Collect()
    with pytest.raises(TypeError) as info:
        w.write(b"x", "klingon")
    assert info.value.code == "ERR_UNKNOWN_ENCODING"
    run(lambda: None)
