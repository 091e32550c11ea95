"""``async for chunk in readable``, in the spirit of Node's
test/parallel/test-stream-readable-async-iterators.js (our own cases)."""

from __future__ import annotations

import contextlib

import pytest
from conftest import run

from nodekit import set_immediate, set_timeout
from nodekit.stream import AbortError, PassThrough, Readable


def idle(**options):
    return Readable(read=lambda size: None, **options)


def test_iterates_every_chunk_then_stops_and_destroys():
    out = []
    r = idle()

    async def main():
        r.push(b"a")
        set_timeout(lambda: (r.push(b"b"), r.push(None)), 1)
        async for chunk in r:
            out.append(chunk)

    run(main)
    assert out == [b"a", b"b"]
    assert r.readable_ended and r.destroyed


def test_waits_for_data_produced_on_demand():
    out = []

    async def main():
        count = 0

        def read(self, size):
            nonlocal count
            count += 1
            set_immediate(self.push, b"%d" % count if count <= 3 else None)

        async for chunk in Readable(read=read):
            out.append(chunk)

    run(main)
    assert out == [b"1", b"2", b"3"]


def test_a_multibyte_character_arrives_whole_with_set_encoding():
    text = []

    async def main():
        r = idle()
        r.set_encoding("utf8")
        for byte in "€😀".encode():
            r.push(bytes([byte]))
        r.push(None)
        async for chunk in r:
            text.append(chunk)

    run(main)
    assert "".join(text) == "€😀"


def test_the_stream_error_is_raised():
    caught = []

    async def main():
        r = idle()
        set_timeout(lambda: r.destroy(ConnectionResetError("reset")), 1)
        try:
            async for _chunk in r:
                pass
        except ConnectionResetError as err:
            caught.append(str(err))

    run(main)
    assert caught == ["reset"]


def test_error_after_some_chunks_is_raised_after_them():
    seen = []

    async def main():
        r = idle()
        r.push(b"ok")

        def fail():
            r.destroy(ValueError("late"))

        set_timeout(fail, 1)
        with pytest.raises(ValueError, match="late"):
            async for chunk in r:
                seen.append(chunk)

    run(main)
    assert seen == [b"ok"]


def test_premature_destroy_without_error_raises_premature_close():
    codes = []

    async def main():
        r = idle()
        set_timeout(r.destroy, 1)
        try:
            async for _chunk in r:
                pass
        except Exception as err:  # noqa: BLE001
            codes.append(err.code)

    run(main)
    assert codes == ["ERR_STREAM_PREMATURE_CLOSE"]


def test_break_destroys_the_stream():
    log = []
    r = Readable(read=lambda self, size: self.push(b"z"))

    async def main():
        r.on("close", lambda: log.append("close"))
        async for chunk in r:
            log.append(chunk)
            break
        log.append(("destroyed", r.destroyed))

    run(main)
    assert log == [b"z", ("destroyed", True), "close"]
    # Node destroys with an AbortError; the iterator's own listener absorbs it.
    assert isinstance(r.errored, AbortError)


def test_an_exception_in_the_loop_body_destroys_the_stream():
    r = Readable(read=lambda self, size: self.push(b"z"))

    async def main():
        with pytest.raises(KeyError):
            async for _chunk in r:
                raise KeyError("body")
        assert r.destroyed

    run(main)


def test_aclose_stops_iteration_and_destroys():
    r = Readable(read=lambda self, size: self.push(b"z"))

    async def main():
        async with contextlib.aclosing(aiter(r)) as it:
            async for _chunk in it:
                break
        assert r.destroyed

    run(main)


def test_destroy_on_return_false_keeps_the_stream():
    r = idle()
    rest = []

    async def main():
        r.push(b"first")
        r.push(b"second")
        async for _chunk in r.iterator(destroy_on_return=False):
            break
        assert not r.destroyed
        r.push(None)
        async for chunk in r:
            rest.append(chunk)

    run(main)
    assert rest == []  # the first read() took everything buffered


def test_iterates_a_transform_fed_by_writes():
    out = []

    async def main():
        p = PassThrough()

        def feed():
            p.write(b"x")
            p.end(b"y")

        set_timeout(feed, 1)
        async for chunk in p:
            out.append(chunk)

    run(main)
    assert b"".join(out) == b"xy"


def test_object_mode_yields_each_object():
    async def main():
        r = Readable.from_([{"n": 1}, {"n": 2}])
        assert [item async for item in r] == [{"n": 1}, {"n": 2}]

    run(main)


def test_an_iterator_that_never_started_leaves_the_stream_alone():
    r = idle()

    async def main():
        it = aiter(r)
        del it
        assert not r.destroyed and r.listener_count("readable") == 0
        r.destroy()

    run(main)
