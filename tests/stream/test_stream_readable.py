"""nodekit.stream.Readable, in the spirit of Node's test/parallel/test-stream-readable-*.js
(our own cases; orders checked against Node 20)."""

from __future__ import annotations

import pytest
from conftest import run

from nodekit import next_tick, set_immediate, set_timeout
from nodekit.errors import NodeError
from nodekit.stream import Readable


def idle(**options):
    """A Readable whose _read does nothing: data comes from push() calls."""
    return Readable(read=lambda size: None, **options)


def record(stream, log, *events):
    for ev in events:
        stream.on(ev, lambda *args, ev=ev: log.append(ev))


# -- flowing mode ----------------------------------------------------------------


def test_data_then_end_then_close():
    log = []

    def main():
        r = idle()
        r.on("data", lambda chunk: log.append(chunk))
        record(r, log, "end", "close")
        r.push(b"a")
        r.push("b")
        r.push(None)
        log.append("sync")

    run(main)
    assert log == ["sync", b"a", b"b", "end", "close"]


def test_adding_a_data_listener_starts_flowing_on_the_next_tick():
    log = []

    def main():
        r = idle()
        r.push(b"x")
        assert r.readable_flowing is None
        r.on("data", log.append)
        assert r.readable_flowing is True and log == []
        next_tick(lambda: log.append("tick"))

    run(main)
    assert log == [b"x", "tick"]


def test_once_data_also_starts_flowing():
    log = []

    def main():
        r = idle()
        r.once("data", log.append)
        r.push(b"1")

    run(main)
    assert log == [b"1"]


def test_push_while_flowing_with_empty_buffer_emits_data_synchronously():
    log = []
    r = idle()

    def main():
        r.on("data", log.append)
        r.push(b"warm-up")

        def later():
            assert r.push(b"direct") is True
            log.append("after push")
            assert r.readable_length == 0

        set_timeout(later, 1)
        set_timeout(lambda: r.push(None), 2)

    run(main)
    assert log == [b"warm-up", b"direct", "after push"]


def test_pause_buffers_and_resume_flows_again():
    log = []

    def main():
        r = idle()
        r.on("data", log.append)
        record(r, log, "pause", "resume")

        def step1():
            r.pause()
            assert r.is_paused() and r.readable_flowing is False
            r.push(b"held")
            assert r.readable_length == 4
            set_timeout(step2, 1)

        def step2():
            log.append("resuming")
            r.resume()
            assert not r.is_paused()
            r.push(None)

        set_timeout(step1, 1)

    run(main)
    # resume() flows on the next tick; the buffered chunk goes out before 'resume'.
    assert log == ["resume", "pause", "resuming", b"held", "resume"]


def test_push_returns_false_at_the_high_water_mark():
    r = idle(high_water_mark=10)
    assert r.push(b"12345") is True
    assert r.push(b"67890") is False
    assert r.readable_length == 10
    r.destroy()
    run(lambda: None)


def test_read_is_called_again_while_below_the_high_water_mark():
    sizes = []

    def main():
        count = 0

        def read(self, size):
            nonlocal count
            sizes.append(size)
            count += 1
            self.push(b"x" * 4 if count < 4 else None)

        r = Readable(read=read, high_water_mark=8)
        r.on("data", lambda chunk: None)

    run(main)
    assert sizes == [8, 8, 8, 8]


def test_object_mode_counts_items():
    r = idle(object_mode=True)
    assert r.readable_high_water_mark == 16 and r.readable_object_mode
    for i in range(15):
        assert r.push({"n": i}) is True
    assert r.push(0) is False
    assert r.readable_length == 16
    assert r.read() == {"n": 0}
    assert r.read(100) == {"n": 1}  # object mode ignores the size
    r.destroy()
    run(lambda: None)


# -- paused mode: 'readable' and read(n) ----------------------------------------------


def test_readable_event_and_read_n():
    log = []

    def main():
        r = idle(high_water_mark=4)

        def on_readable():
            log.append(("readable", r.readable_length))
            while (chunk := r.read(3)) is not None:
                log.append(chunk)

        r.on("readable", on_readable)
        r.on("end", lambda: log.append("end"))
        assert r.push(b"abcd") is False
        r.push(b"ef")

        def later():
            r.push(b"g")
            r.push(None)

        set_timeout(later, 1)

    run(main)
    assert log == [("readable", 6), b"abc", b"def", ("readable", 1), b"g", ("readable", 0),
                   "end"]


def test_read_semantics_without_listeners():
    r = idle()
    r.push(b"hello")
    r.push(b"world")
    assert r.read(0) is None
    assert r.read(3) == b"hel"
    assert r.read(100) is None  # not enough buffered and not ended
    assert r.readable_length == 7
    assert r.read() == b"loworld"
    assert r.read() is None
    r.push(b"tail")
    r.push(None)
    assert r.read(100) == b"tail"  # ended: whatever is left
    assert r.read() is None
    run(lambda: None)
    assert r.readable_ended


def test_read_spanning_chunks_joins_them():
    r = idle()
    for part in (b"ab", b"cd", b"ef"):
        r.push(part)
    assert r.read(5) == b"abcde"
    assert r.read(1) == b"f"
    r.destroy()
    run(lambda: None)


def test_read_larger_than_the_mark_raises_the_mark():
    r = idle(high_water_mark=16)
    r.read(100)
    assert r.readable_high_water_mark == 128
    r.destroy()
    run(lambda: None)


def test_readable_listener_takes_precedence_over_data():
    log = []

    def main():
        r = idle()
        r.on("readable", lambda: log.append(("readable", r.read())))
        r.on("data", lambda chunk: log.append(("data", chunk)))
        assert r.readable_flowing is False
        r.push(b"x")
        r.push(None)

    run(main)
    # read() inside 'readable' emits 'data' before returning (Node 20).
    assert log == [("data", b"x"), ("readable", b"x")]


def test_unshift_puts_data_back_in_front():
    r = idle()
    r.push(b"world")
    head = r.read(2)
    assert r.unshift(head) is True
    r.unshift(b"hello ")
    assert r.read() == b"hello world"
    r.destroy()
    run(lambda: None)


# -- set_encoding -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["€", "😀", "a€b😀c"])
def test_set_encoding_never_splits_a_character_pushed_one_byte_at_a_time(text):
    chunks = []

    def main():
        r = idle()
        r.set_encoding("utf8")
        assert r.readable_encoding == "utf8"
        r.on("data", chunks.append)
        for byte in text.encode():
            r.push(bytes([byte]))
        r.push(None)

    run(main)
    assert all(type(c) is str for c in chunks)
    assert "".join(chunks) == text
    assert "\ufffd" not in "".join(chunks)


def test_set_encoding_converts_what_is_already_buffered():
    r = idle()
    data = "é😀".encode()
    r.push(data[:3])
    r.set_encoding("utf-8")
    r.push(data[3:])
    assert r.read() == "é😀"
    r.destroy()
    run(lambda: None)


def test_encoding_option_and_hex():
    r = idle(encoding="hex")
    r.push(b"\x01\xff")
    assert r.read() == "01ff"
    r.destroy()
    run(lambda: None)


# -- errors -------------------------------------------------------------------------------


def test_push_after_eof_is_an_error():
    errors = []

    def main():
        r = idle()
        r.on("error", lambda err: errors.append(err.code))
        r.push(None)
        assert r.push(b"late") is False

    run(main)
    assert errors == ["ERR_STREAM_PUSH_AFTER_EOF"]


def test_missing_read_errors_the_stream():
    errors = []

    def main():
        r = Readable()
        r.on("error", lambda err: errors.append(err.code))
        r.on("data", lambda chunk: None)

    run(main)
    assert errors == ["ERR_METHOD_NOT_IMPLEMENTED"]


def test_pushing_a_non_bytes_chunk_is_an_error():
    errors = []

    def main():
        r = idle()
        r.on("error", lambda err: errors.append(err.code))
        assert r.push(123) is False

    run(main)
    assert errors == ["ERR_INVALID_ARG_TYPE"]


def test_bytes_like_chunks_come_out_as_bytes():
    r = idle()
    r.push(bytearray(b"ab"))
    r.push(memoryview(b"cd"))
    out = r.read()
    assert out == b"abcd" and type(out) is bytes
    r.destroy()
    run(lambda: None)


# -- destroy ----------------------------------------------------------------------------------


def test_destroy_without_error_emits_close_but_no_end(must_call):
    log = []

    def main():
        r = idle()
        r.on("end", must_call.never())
        record(r, log, "close")
        r.push(b"unread")
        r.destroy()
        assert r.destroyed and not r.readable
        assert r.push(b"more") is False

    run(main)
    assert log == ["close"]


def test_destroy_with_error_emits_error_then_close():
    log = []
    r = idle()

    def main():
        r.on("error", lambda err: log.append(("error", str(err))))
        r.on("close", lambda: log.append("close"))
        r.destroy(ValueError("boom"))

    run(main)
    assert log == [("error", "boom"), "close"]
    assert isinstance(r.errored, ValueError) and r.closed


def test_destroy_error_without_listener_is_uncaught():
    with pytest.raises(ValueError, match="boom"):
        run(lambda: idle().destroy(ValueError("boom")))


def test_asynchronous_custom_destroy_delays_close():
    log = []

    def main():
        def destroy(err, callback):
            log.append("_destroy")
            set_immediate(callback)

        r = Readable(read=lambda n: None, destroy=destroy)
        r.on("close", lambda: log.append("close"))
        r.destroy()
        log.append(("closed", r.closed))

    run(main)
    assert log == ["_destroy", ("closed", False), "close"]


def test_auto_destroy_false_keeps_the_stream_after_end(must_call):
    r = idle(auto_destroy=False)

    def main():
        r.on("data", lambda chunk: None)
        r.on("close", must_call.never())
        r.push(None)

    run(main)
    assert r.readable_ended and not r.destroyed


def test_emit_close_false_suppresses_close(must_call):
    def main():
        r = idle(emit_close=False)
        r.on("close", must_call.never())
        r.on("end", must_call())
        r.resume()
        r.push(None)

    run(main)


# -- Readable.from_ ------------------------------------------------------------------------------


def test_from_iterable_is_an_object_stream():
    items = []

    def main():
        r = Readable.from_(iter([1, "two", b"three"]))
        r.on("data", items.append)

    run(main)
    assert items == [1, "two", b"three"]


def test_from_async_generator():
    items = []

    async def gen():
        for i in range(3):
            yield i

    def main():
        r = Readable.from_(gen())
        r.on("data", items.append)
        r.on("end", lambda: items.append("end"))

    run(main)
    assert items == [0, 1, 2, "end"]


def test_from_a_string_is_one_chunk():
    items = []
    run(lambda: Readable.from_("hello").on("data", items.append))
    assert items == ["hello"]


def test_errors_carry_node_codes():
    r = idle()
    with pytest.raises(NodeError) as info:
        r.read(2**31)
    assert info.value.code == "ERR_OUT_OF_RANGE"
    r.destroy()
    run(lambda: None)


def test_reads_of_a_drained_ended_stream_return_none_and_end_once():
    log = []
    r = idle()

    def main():
        record(r, log, "end", "close")
        r.push(None)
        assert [r.read(5), r.read(0), r.read(), r.read(-1)] == [None] * 4
        log.append("sync")

    run(main)
    assert log == ["sync", "end", "close"]


def test_flowing_reads_return_one_whole_chunk_at_a_time():
    chunks = []
    r = idle()

    def main():
        r.push(b"ab")
        r.push(b"cde")
        r.push(None)
        chunks.append(r.read(1))
        r.on("data", chunks.append)

    run(main)
    assert chunks == [b"a", b"b", b"cde"]


def test_the_leak_warning_of_a_readable_points_at_the_callers_line():
    r = idle()
    with pytest.warns(UserWarning) as caught:
        for _ in range(11):
            r.on("end", lambda: None)
    assert caught[0].filename == __file__
    r.destroy()
    run(lambda: None)
