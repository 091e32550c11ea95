"""nodekit.AbortController / AbortSignal / AbortError (Node's globals) and the
``signal`` option of events.once, stream.finished, stream.pipeline (and their
stream.promises forms) and net.Server.listen. Expectations checked against
Node v20 (same calls in JavaScript)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from conftest import run

from nodekit import AbortController, AbortError, AbortSignal, events, net, process, stream
from nodekit.abort import AbortSignalTimeoutError
from nodekit.errors import NodeError
from nodekit.runtime import spawn
from nodekit.stream import PassThrough, promises

# -- the controller and the signal ----------------------------------------------------


def test_abort_sets_aborted_and_a_default_abort_error_reason():
    controller = AbortController()
    signal = controller.signal
    assert (signal.aborted, signal.reason) == (False, None)
    controller.abort()
    assert signal.aborted is True
    assert isinstance(signal.reason, AbortError)
    assert signal.reason.code == "ABORT_ERR"
    assert signal.reason.name == "AbortError"


def test_abort_keeps_the_first_reason():
    controller = AbortController()
    controller.abort("first")
    controller.abort("second")
    assert controller.signal.reason == "first"


def test_throw_if_aborted_raises_the_reason():
    controller = AbortController()
    controller.signal.throw_if_aborted()  # not aborted: nothing
    reason = ValueError("stop")
    controller.abort(reason)
    with pytest.raises(ValueError) as info:
        controller.signal.throw_if_aborted()
    assert info.value is reason


def test_throw_if_aborted_wraps_a_reason_that_is_no_exception():
    signal = AbortSignal.abort(42)
    with pytest.raises(AbortError) as info:
        signal.throw_if_aborted()
    assert info.value.cause == 42


def test_abort_listeners_run_once_in_order_with_onabort_first():
    controller = AbortController()
    signal = controller.signal
    seen = []

    def listener(event):
        seen.append(("listener", event.type, event.target is signal))

    signal.add_event_listener("abort", listener)
    signal.add_event_listener("abort", listener)  # a repeat is ignored
    signal.add_event_listener("abort", lambda e: seen.append("once"), once=True)
    removed = lambda e: seen.append("removed")  # noqa: E731
    signal.add_event_listener("abort", removed)
    signal.remove_event_listener("abort", removed)
    signal.onabort = lambda e: seen.append("onabort")
    controller.abort()
    controller.abort()
    assert seen == ["onabort", ("listener", "abort", True), "once"]


def test_a_listener_that_raises_is_uncaught_and_the_others_still_run():
    caught = []
    after = []
    boom = RuntimeError("boom")

    def main():
        process.on("uncaughtException", on_uncaught)
        controller = AbortController()
        controller.signal.add_event_listener("abort", lambda e: (_ for _ in ()).throw(boom))
        controller.signal.add_event_listener("abort", lambda e: after.append(True))
        controller.abort()

    def on_uncaught(err, *_):
        caught.append(err)

    try:
        run(main)
    finally:
        process.off("uncaughtException", on_uncaught)
    assert caught == [boom]
    assert after == [True]


def test_signal_abort_is_already_aborted():
    signal = AbortSignal.abort("why")
    assert (signal.aborted, signal.reason) == (True, "why")


def test_signal_timeout_aborts_with_a_timeout_error():
    got = []

    async def wait(signal):
        await events.once(signal, "abort")
        got.append(signal.reason)

    run(lambda: spawn(wait(AbortSignal.timeout(10))))
    assert isinstance(got[0], AbortSignalTimeoutError)
    assert got[0].code == "TIMEOUT_ERR"
    assert got[0].name == "TimeoutError"


def test_signal_timeout_does_not_keep_the_program_alive():
    signals = []
    # An hour-long timer: run() must still go idle at once (the watchdog would fail it).
    run(lambda: signals.append(AbortSignal.timeout(3_600_000)), timeout=5)
    assert signals[0].aborted is False


def test_signal_timeout_validates_its_delay():
    with pytest.raises(TypeError) as info:
        AbortSignal.timeout("10")
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_signal_any_follows_the_first_source_to_abort():
    a, b = AbortController(), AbortController()
    combined = AbortSignal.any([a.signal, b.signal])
    assert combined.aborted is False
    b.abort("b went first")
    a.abort("a")
    assert (combined.aborted, combined.reason) == (True, "b went first")


def test_signal_any_of_an_aborted_signal_is_aborted_at_once():
    combined = AbortSignal.any([AbortSignal(), AbortSignal.abort("now")])
    assert (combined.aborted, combined.reason) == (True, "now")


def test_signal_any_refuses_what_is_no_signal():
    with pytest.raises(TypeError) as info:
        AbortSignal.any([object()])
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_abort_error_is_the_one_stream_exports():
    assert stream.AbortError is AbortError
    assert isinstance(AbortError(), NodeError)


# -- events.once ------------------------------------------------------------------------


def test_events_once_rejects_with_abort_error_and_removes_its_listeners():
    out = {}

    async def wait(emitter, controller):
        fut = events.once(emitter, "ping", signal=controller.signal)
        controller.abort("bye")
        try:
            await fut
        except AbortError as err:
            out["err"] = err
        out["listeners"] = (emitter.listener_count("ping"), emitter.listener_count("error"),
                            len(events.get_event_listeners(controller.signal, "abort")))

    run(lambda: spawn(wait(events.EventEmitter(), AbortController())))
    assert out["err"].code == "ABORT_ERR"
    assert out["err"].cause == "bye"
    assert out["listeners"] == (0, 0, 0)


def test_events_once_with_an_aborted_signal_rejects_at_once():
    futures = []

    def main():
        emitter = events.EventEmitter()
        futures.append(events.once(emitter, "ping", signal=AbortSignal.abort()))
        futures.append(events.once(emitter, "ping", {"signal": AbortSignal.abort()}))

    run(main)
    assert [type(fut.exception()) for fut in futures] == [AbortError, AbortError]


def test_events_once_resolves_and_drops_the_abort_listener():
    out = {}

    async def wait(emitter, controller):
        fut = events.once(emitter, "ping", signal=controller.signal)
        emitter.emit("ping", 1, 2)
        out["args"] = await fut
        out["left"] = len(events.get_event_listeners(controller.signal, "abort"))

    run(lambda: spawn(wait(events.EventEmitter(), AbortController())))
    assert out == {"args": (1, 2), "left": 0}


def test_events_once_refuses_a_signal_that_is_no_signal():
    with pytest.raises(TypeError) as info:
        run(lambda: events.once(events.EventEmitter(), "x", signal="no"))
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


# -- stream.finished / stream.pipeline --------------------------------------------------


def test_finished_calls_back_with_abort_error_and_leaves_the_stream_alone():
    out = []

    def main():
        s = PassThrough()
        controller = AbortController()
        stream.finished(s, {"signal": controller.signal}, lambda err=None: out.append((err, s)))
        controller.abort()

    run(main)
    (err, s), = out
    assert isinstance(err, AbortError)
    assert s.destroyed is False


def test_finished_with_an_aborted_signal_calls_back_on_the_next_tick():
    out = []

    def main():
        stream.finished(PassThrough(), signal=AbortSignal.abort(), callback=out.append)
        out.append("sync")

    run(main)
    assert out[0] == "sync"
    assert isinstance(out[1], AbortError)


def test_pipeline_signal_destroys_every_stream():
    out = []

    def main():
        a, b, c = PassThrough(), PassThrough(), PassThrough()
        controller = AbortController()
        stream.pipeline(a, b, c, lambda err=None: out.append((err, a, b, c)),
                        signal=controller.signal)
        a.write(b"x")
        controller.abort("enough")

    run(main)
    (err, a, b, c), = out
    assert isinstance(err, AbortError)
    assert err.cause == "enough"
    assert (a.destroyed, b.destroyed, c.destroyed) == (True, True, True)


def test_promises_pipeline_raises_abort_error_options_as_node_or_keyword():
    out = []

    async def go():
        for form in ("options", "keyword"):
            a, b = PassThrough(), PassThrough()
            controller = AbortController()
            if form == "options":
                task = promises.pipeline(a, b, {"signal": controller.signal})
            else:
                task = promises.pipeline(a, b, signal=controller.signal)
            fut = asyncio.ensure_future(task)
            controller.abort()
            try:
                await fut
            except AbortError:
                out.append((form, a.destroyed, b.destroyed))

    run(lambda: spawn(go()))
    assert out == [("options", True, True), ("keyword", True, True)]


def test_promises_finished_raises_abort_error():
    out = []

    async def go():
        controller = AbortController()
        fut = asyncio.ensure_future(promises.finished(PassThrough(), signal=controller.signal))
        controller.abort()
        try:
            await fut
        except AbortError as err:
            out.append(err.code)

    run(lambda: spawn(go()))
    assert out == ["ABORT_ERR"]


def test_pipeline_refuses_a_signal_that_is_no_signal():
    with pytest.raises(TypeError) as info:
        stream.pipeline(PassThrough(), PassThrough(), lambda err=None: None, signal=1)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


# -- net.Server.listen(signal=) -----------------------------------------------------------


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_listen_signal_abort_closes_the_server():
    out = {}

    def main():
        controller = AbortController()
        server = net.create_server(lambda sock: sock.end())

        def on_listening():
            out["port"] = server.address()["port"]
            out["open"] = not _refused(out["port"])
            controller.abort()

        server.on("close", lambda: out.setdefault("closed", True))
        server.listen({"port": 0, "host": "127.0.0.1", "signal": controller.signal},
                      on_listening)

    run(main)
    assert out["open"] is True
    assert out["closed"] is True
    assert _refused(out["port"])


def test_listen_with_an_aborted_signal_never_listens():
    out = []

    def main():
        server = net.create_server()
        server.on("listening", lambda: out.append("listening"))
        server.on("close", lambda: out.append("close"))
        server.listen(port=0, host="127.0.0.1", signal=AbortSignal.abort())

    run(main)
    assert "listening" not in out
    assert out[-1] == "close"


def test_listen_refuses_a_signal_that_is_no_signal():
    with pytest.raises(TypeError) as info:
        run(lambda: net.create_server().listen(port=0, signal="x"))
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
