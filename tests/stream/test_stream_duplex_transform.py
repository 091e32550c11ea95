"""Duplex, Transform and PassThrough, in the spirit of Node's test/parallel/
test-stream-duplex-*.js and test-stream-transform-*.js (our own cases)."""

from __future__ import annotations

import pytest
from conftest import run

from nodekit import set_immediate, set_timeout
from nodekit.errors import NodeError
from nodekit.stream import Duplex, PassThrough, Readable, Transform, Writable


class Echo(Duplex):
    """A Duplex that records writes; its readable side is fed by push()."""

    def __init__(self, **options):
        super().__init__(**options)
        self.written = []

    def _read(self, size):
        pass

    def _write(self, chunk, encoding, callback):
        self.written.append(chunk)
        callback()


def record(stream, log, *events):
    for ev in events:
        stream.on(ev, lambda *args, ev=ev: log.append(ev))


def test_duplex_is_readable_and_writable():
    d = Echo()
    assert isinstance(d, Readable) and isinstance(d, Writable)
    assert d.readable and d.writable and d.allow_half_open
    d.destroy()
    run(lambda: None)


def test_duplex_closes_only_after_both_sides_are_done():
    log = []

    def main():
        d = Echo()
        record(d, log, "end", "finish", "close")
        d.resume()
        d.end(b"w")

        def later():
            log.append("push eof")
            d.push(None)

        set_timeout(later, 2)

    run(main)
    assert log == ["finish", "push eof", "end", "close"]


def test_allow_half_open_false_ends_the_writable_side_after_end():
    log = []
    d = Echo(allow_half_open=False)

    def main():
        record(d, log, "end", "prefinish", "finish", "close")
        d.resume()
        d.push(None)

    run(main)
    assert log == ["end", "prefinish", "finish", "close"]
    assert d.writable_ended and d.destroyed


def test_half_open_by_default_keeps_the_writable_side():
    d = Echo()

    def main():
        d.resume()
        d.push(None)

    run(main)
    assert d.readable_ended and d.writable and not d.destroyed
    d.end()
    run(lambda: None)
    assert d.destroyed


def test_duplex_side_options():
    d = Duplex(readable_object_mode=True, writable_high_water_mark=3,
               read=lambda n: None, write=lambda c, e, cb: cb())
    assert d.readable_object_mode and not d.writable_object_mode
    assert d.writable_high_water_mark == 3 and d.readable_high_water_mark == 16
    d.destroy()
    run(lambda: None)


def test_duplex_with_a_disabled_readable_side_closes_after_finish():
    log = []

    def main():
        d = Echo(readable=False)
        assert not d.readable
        record(d, log, "finish", "close")
        d.end()

    run(main)
    assert log == ["finish", "close"]


def test_duplex_destroyed_means_both_sides():
    d = Echo()
    d.destroy()
    assert d.destroyed and d._readable_state.destroyed and d._writable_state.destroyed
    run(lambda: None)


def test_write_error_errors_the_readable_side_too():
    errors = []

    def main():
        d = Duplex(read=lambda n: None, write=lambda c, e, cb: cb(OSError("reset")))
        d.on("error", lambda err: errors.append(str(err)))
        d.write(b"x")
        assert isinstance(d.errored, OSError)

    run(main)
    assert errors == ["reset"]


# -- Transform ----------------------------------------------------------------------


class Upper(Transform):
    def _transform(self, chunk, encoding, callback):
        callback(None, chunk.upper())

    def _flush(self, callback):
        self.push(b"!")
        callback()


def test_transform_maps_chunks_and_flushes_at_the_end():
    log = []

    def main():
        t = Upper()
        t.on("data", log.append)
        record(t, log, "end", "finish", "close")
        t.write(b"ab")
        t.end(b"cd")

    run(main)
    # _flush runs from _final, so the readable side ends before 'finish' (Node 20).
    assert log == [b"AB", b"CD", b"!", "end", "finish", "close"]


def test_transform_from_options_and_callback_data():
    out = []

    def main():
        def flush(callback):
            callback(None, "done")

        t = Transform(transform=lambda chunk, enc, cb: cb(None, chunk[::-1]), flush=flush)
        t.on("data", out.append)
        t.end(b"abc")

    run(main)
    assert out == [b"cba", b"done"]


def test_transform_may_push_several_chunks_per_input():
    out = []

    def main():
        def transform(self, chunk, encoding, callback):
            for byte in chunk:
                self.push(bytes([byte]))
            callback()

        t = Transform(transform=transform)
        t.on("data", out.append)
        t.end(b"xyz")

    run(main)
    assert out == [b"x", b"y", b"z"]


def test_transform_error_destroys_the_stream():
    log = []

    def main():
        t = Transform(transform=lambda c, e, cb: cb(ValueError("bad input")))
        t.on("error", lambda err: log.append(("error", str(err))))
        t.on("close", lambda: log.append("close"))
        t.write(b"x")

    run(main)
    assert log == [("error", "bad input"), "close"]


def test_transform_holds_writes_while_its_readable_side_is_full():
    t = PassThrough(high_water_mark=4)
    states = []

    def main():
        assert t.write(b"12345") is False
        assert t.write(b"6") is False
        # The first chunk sits on the readable side; its write callback is held, so
        # the second chunk waits on the writable side (Node 20 counts both there).
        states.append((t.readable_length, t.writable_length))

        def drain_it():
            states.append(t.read())
            set_immediate(lambda: states.append(t.read()))

        set_timeout(drain_it, 1)

    run(main)
    assert states == [(5, 6), b"123456", None]
    t.destroy()
    run(lambda: None)


def test_passthrough_in_object_mode():
    out = []

    def main():
        p = PassThrough(object_mode=True)
        p.on("data", out.append)
        p.write({"a": 1})
        p.end([2])

    run(main)
    assert out == [{"a": 1}, [2]]


def test_missing_transform_raises_method_not_implemented():
    with pytest.raises(NodeError) as info:
        Transform().write(b"x")
    assert info.value.code == "ERR_METHOD_NOT_IMPLEMENTED"
    run(lambda: None)


def test_transform_with_an_overridden_final_still_flushes():
    log = []

    class WithFinal(Transform):
        def _transform(self, chunk, encoding, callback):
            callback(None, chunk)

        def _final(self, callback):
            log.append("final")
            callback()

        def _flush(self, callback):
            log.append("flush")
            callback()

    def main():
        t = WithFinal()
        t.on("data", lambda c: log.append(c))
        t.on("end", lambda: log.append("end"))
        t.end(b"x")

    run(main)
    assert log == [b"x", "final", "flush", "end"]
