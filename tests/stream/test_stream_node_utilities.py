"""What the test-stream-* conformance ports made NodeKit add or fix, tested on
its own: function stages of pipeline, the stream ``signal`` option, Node's
stream utilities (``is_disturbed``, ``is_errored``, ``destroy``), Readable.wrap,
iterator options and queued ``__anext__`` calls, ``_undestroy`` and option
validation."""

from __future__ import annotations

import asyncio
import math

import pytest
from conftest import run

from nodekit import AbortController, http, next_tick, runtime
from nodekit.errors import NodeError
from nodekit.stream import (
    AbortError,
    Duplex,
    PassThrough,
    Readable,
    Stream,
    Transform,
    Writable,
    destroy,
    finished,
    is_disturbed,
    is_errored,
    pipeline,
    promises,
)


def collect(box):
    def write(chunk, encoding, callback):
        box.append(chunk)
        callback()

    return Writable(write=write, object_mode=True)


# -- pipeline: function stages -------------------------------------------------
def test_generator_function_source_async_transform_and_async_sink():
    got = []

    def source():
        yield from ("a", "b")

    async def upper(src):
        async for chunk in src:
            yield chunk.upper()

    async def join(src):
        return "".join([chunk async for chunk in src])

    def main():
        pipeline(source, upper, join, lambda err, value: got.append((err, value)))

    run(main)
    assert got == [(None, "AB")]


def test_stage_gets_signal_aborted_when_pipeline_is_done():
    seen = {}

    async def source(signal=None):
        seen["signal"] = signal
        yield "x"

    def main():
        pipeline(source, collect([]), lambda err=None: seen.update(err=err))

    run(main)
    assert seen["err"] is None
    assert seen["signal"].aborted is True


def test_stage_returning_a_non_iterable_is_invalid_return_value():
    def main():
        with pytest.raises(NodeError) as info:
            pipeline(PassThrough(), lambda src: None, lambda *a: None)
        assert info.value.code == "ERR_INVALID_RETURN_VALUE"
        # A later stage must return an *async* iterable (Node's isIterable(x, true)).
        with pytest.raises(NodeError) as info:
            pipeline(PassThrough(), lambda src: iter(()), PassThrough(), lambda *a: None)
        assert info.value.code == "ERR_INVALID_RETURN_VALUE"

    run(main)


def test_promises_pipeline_starts_at_the_call_and_returns_the_value():
    out = {}

    async def sink(src):
        return [chunk async for chunk in src]

    def main():
        fut = promises.pipeline(["a", "b"], sink)  # not awaited yet: already running

        async def later():
            out["value"] = await fut

        runtime.spawn(later())

    run(main)
    assert out["value"] == ["a", "b"]


def test_async_sink_starts_iterating_at_the_call():
    # An old-style stream emitting on the next tick is read by an async sink:
    # the sink ran (and started iterating) when pipeline() was called.
    got = []

    def main():
        s = Stream()
        s.close = lambda: None

        def emit():
            s.emit("data", "x")
            s.emit("end")

        next_tick(emit)

        async def sink(src):
            async for chunk in src:
                got.append(chunk)

        pipeline(s, sink, lambda err, value: got.append(err))

    run(main)
    assert got == ["x", None]


# -- signal option, utilities ---------------------------------------------------------
@pytest.mark.parametrize("cls", [Readable, Writable, Duplex, Transform])
def test_signal_option_destroys_with_abort_error(cls):
    errors = []

    def main():
        ac = AbortController()
        s = cls(signal=ac.signal)
        s.on("error", errors.append)
        ac.abort()

    run(main)
    assert len(errors) == 1 and isinstance(errors[0], AbortError)


def test_is_disturbed_and_is_errored():
    state = {}

    def main():
        r = Readable(read=lambda size: None)
        state["before"] = (is_disturbed(r), is_errored(r))
        r.push("x")
        r.read()
        state["read"] = is_disturbed(r)
        r.on("error", lambda err: state.update(errored=is_errored(r)))
        r.destroy(Exception("boom"))

    run(main)
    assert state == {"before": (False, False), "read": True, "errored": True}


def test_destroy_utility_aborts_unfinished_streams():
    errors = []

    def main():
        r = Readable(read=lambda size: None)
        r.on("error", errors.append)
        destroy(r)

    run(main)
    assert isinstance(errors[0], AbortError)


def test_destroy_utility_keeps_the_socket_of_a_server_request():
    out = {}

    def main():
        def handler(req, res):
            socket = req.socket
            req.on("error", lambda err: None)
            destroy(req)
            out["socket_destroyed"] = socket.destroyed
            res.end("ok")
            server.close()

        server = http.create_server(handler)

        def go():
            port = server.address()["port"]
            http.get({"host": "127.0.0.1", "port": port},
                     lambda res: res.resume()).on("error", lambda err: None)

        server.listen(0, "127.0.0.1", go)

    run(main)
    assert out["socket_destroyed"] is False


# -- Readable.wrap, iteration ------------------------------------------------------
def test_readable_wrap_static_and_instance():
    got = []

    def main():
        old = Stream()
        wrapped = Readable.wrap(old)
        assert wrapped.readable_object_mode is True
        wrapped.on("data", got.append)
        wrapped.on("end", lambda: got.append("end"))
        old.emit("data", "a")
        old.emit("end")

        old2 = Stream()
        r = Readable().wrap(old2)
        r.on("data", lambda chunk: got.append(chunk))
        old2.emit("data", b"b")
        old2.emit("end")

    run(main)
    assert got == ["a", b"b", "end"]


def test_queued_anext_calls_resolve_in_order():
    out = {}

    def main():
        r = Readable(object_mode=True, read=lambda size: None)
        it = r.__aiter__()

        async def go():
            futs = [asyncio.ensure_future(it.__anext__()) for _ in range(3)]
            await asyncio.sleep(0)
            for v in (1, 2, 3):
                r.push(v)
            r.push(None)
            out["values"] = await asyncio.gather(*futs)

        runtime.spawn(go())

    run(main)
    assert out["values"] == [1, 2, 3]


def test_iterator_options_dict_and_validation():
    out = {}

    def main():
        r = Readable(object_mode=True, read=lambda size: None)
        with pytest.raises(NodeError) as info:
            r.iterator(42)
        assert info.value.code == "ERR_INVALID_ARG_TYPE"
        r.push(1)
        r.push(2)

        async def go():
            async for _v in r.iterator({"destroy_on_return": False}):
                break
            out["destroyed"] = r.destroyed
            r.destroy()

        runtime.spawn(go())

    run(main)
    assert out["destroyed"] is False


# -- _undestroy, validation -------------------------------------------------------------
def test_undestroy_makes_a_writable_usable_again():
    finishes = []

    def main():
        w = Writable(write=lambda chunk, enc, cb: cb())
        w.on("finish", lambda: finishes.append(1))

        def again():
            w._undestroy()
            assert not w.destroyed and not w.writable_ended
            w.end("second")

        w.once("close", again)
        w.end("first")

    run(main)
    assert finishes == [1, 1]


@pytest.mark.parametrize("value", [math.nan, math.inf, 1.5, -1])
def test_invalid_high_water_marks(value):
    with pytest.raises(NodeError) as info:
        Readable(high_water_mark=value)
    assert info.value.code == "ERR_INVALID_ARG_VALUE"


def test_finished_options_must_be_a_dict():
    def main():
        with pytest.raises(NodeError) as info:
            finished(PassThrough(), "foo", lambda *a: None)
        assert info.value.code == "ERR_INVALID_ARG_TYPE"
        with pytest.raises(NodeError):
            promises.finished(PassThrough(), {"cleanup": 2})

    run(main)


def test_destroyed_is_false_before_init():
    class Early(Duplex):
        def __init__(self):
            assert self.destroyed is False
            self.destroyed = False  # a no-op before the states exist
            super().__init__()

    run(Early)
