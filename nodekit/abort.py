"""``AbortController`` / ``AbortSignal`` (Node's globals) and ``AbortError``.

Owns cancellation: a signal that is aborted once, with a ``reason``; its
``'abort'`` listeners (Node's ``EventTarget`` surface: ``add_event_listener``
/ ``remove_event_listener`` / ``onabort``); ``AbortSignal.abort``,
``AbortSignal.timeout`` and ``AbortSignal.any``; and the two helpers every
API that takes a ``signal`` option uses: :func:`validate_abort_signal` (at the
call) and :func:`add_abort_signal` (Node's ``stream.addAbortSignal``: abort
destroys the stream with an :class:`AbortError`).

It knows nothing of streams or sockets beyond ``destroy(err)`` and a
``'close'`` event, so every layer may import it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from . import runtime
from .errors import NodeError, NodeTypeError

__all__ = ["AbortController", "AbortSignal", "AbortError", "AbortSignalTimeoutError",
           "add_abort_signal", "validate_abort_signal"]

AbortListener = Callable[..., Any]


class AbortError(NodeError):
    """Node's ``AbortError``: ``code == 'ABORT_ERR'``; ``cause`` is the signal's reason."""

    name = "AbortError"

    def __init__(self, message: str | None = None, cause: Any = None) -> None:
        super().__init__("ABORT_ERR", message or "The operation was aborted")
        self.cause = cause


class AbortSignalTimeoutError(NodeError, TimeoutError):
    """The reason of an ``AbortSignal.timeout(ms)`` signal (Node's ``DOMException``
    named ``'TimeoutError'``; its legacy code constant is ``TIMEOUT_ERR``)."""

    name = "TimeoutError"

    def __init__(self) -> None:
        super().__init__("TIMEOUT_ERR", "The operation was aborted due to timeout")


class AbortEvent:
    """The event an ``'abort'`` listener receives (``type``, ``target``)."""

    __slots__ = ("type", "target")

    def __init__(self, target: AbortSignal) -> None:
        self.type = "abort"
        self.target = target

    def __repr__(self) -> str:
        return f"<AbortEvent {self.type}>"


class AbortSignal:
    """Node's ``AbortSignal``: made by an :class:`AbortController` or the
    static ``abort`` / ``timeout`` / ``any``; aborted at most once."""

    __slots__ = ("aborted", "reason", "onabort", "_listeners", "_timer", "__weakref__")

    def __init__(self) -> None:
        self.aborted = False
        self.reason: Any = None
        self.onabort: AbortListener | None = None
        self._listeners: list[tuple[AbortListener, bool]] = []
        self._timer: Any = None

    def __repr__(self) -> str:
        return f"<AbortSignal aborted={self.aborted}>"

    # -- EventTarget ---------------------------------------------------------
    def add_event_listener(self, event: str, listener: AbortListener,
                           once: bool = False) -> None:
        """Call ``listener(event)`` on ``'abort'`` (added once: a repeat is ignored)."""
        if not callable(listener):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f'The "listener" argument must be callable. Received {listener!r}')
        if event != "abort" or any(fn is listener for fn, _ in self._listeners):
            return
        self._listeners.append((listener, once))

    def remove_event_listener(self, event: str, listener: AbortListener) -> None:
        if event == "abort":
            self._listeners = [(fn, o) for fn, o in self._listeners if fn is not listener]

    def event_listeners(self, event: str = "abort") -> list[AbortListener]:
        """The ``'abort'`` listeners (what ``events.get_event_listeners`` returns)."""
        return [fn for fn, _ in self._listeners] if event == "abort" else []

    def throw_if_aborted(self) -> None:
        """Raise the reason if aborted (wrapped in an AbortError if it is no exception)."""
        if self.aborted:
            reason = self.reason
            raise reason if isinstance(reason, BaseException) else AbortError(cause=reason)

    # -- aborting --------------------------------------------------------------
    def _abort(self, reason: Any) -> None:
        """Node's ``abortSignal``: set once, then ``onabort`` and the listeners run
        in order; an exception in one is uncaught and the others still run."""
        if self.aborted:
            return
        self.aborted = True
        self.reason = AbortError("This operation was aborted") if reason is None else reason
        if self._timer is not None:
            self._timer.close()
            self._timer = None
        listeners, self._listeners = self._listeners, [(fn, o) for fn, o in self._listeners
                                                       if not o]
        event = AbortEvent(self)
        handlers = ([self.onabort] if self.onabort is not None else []) + [
            fn for fn, _ in listeners]
        for fn in handlers:
            _dispatch(fn, event)

    @staticmethod
    def abort(reason: Any = None) -> AbortSignal:
        """A signal that is already aborted."""
        signal = AbortSignal()
        signal._abort(reason)
        return signal

    @staticmethod
    def timeout(ms: float) -> AbortSignal:
        """A signal aborted after ``ms`` milliseconds with a ``TimeoutError`` reason.
        Its timer is unref'd (as in Node): it never keeps the program alive."""
        _check_ms(ms)
        signal = AbortSignal()
        signal._timer = runtime.set_timeout(signal._abort_on_timeout, ms)
        signal._timer.unref()
        return signal

    def _abort_on_timeout(self) -> None:
        self._timer = None
        self._abort(AbortSignalTimeoutError())

    @staticmethod
    def any(signals: Iterable[AbortSignal]) -> AbortSignal:
        """A signal aborted as soon as any of ``signals`` is, with its reason."""
        signals = list(signals)
        for i, source in enumerate(signals):
            validate_abort_signal(source, f"signals[{i}]")
        combined = AbortSignal()
        for source in signals:
            if source.aborted:
                combined._abort(source.reason)
                return combined
        for source in signals:
            source.add_event_listener("abort", _Follow(combined, source))
        return combined


def _dispatch(listener: AbortListener, event: AbortEvent) -> None:
    """Call one listener as Node's EventTarget does: synchronously (ticks it
    queues run after the caller's code, not in between), its exception
    uncaught; an ``async def`` listener runs as a task."""
    try:
        result = listener(event)
        if inspect.iscoroutine(result):
            runtime.spawn(result)
    except BaseException as exc:  # noqa: BLE001 - a listener's error is uncaught
        runtime.report_uncaught(exc)


class _Follow:
    """The listener ``AbortSignal.any`` adds on each source: abort the combined one."""

    __slots__ = ("combined", "source")

    def __init__(self, combined: AbortSignal, source: AbortSignal) -> None:
        self.combined = combined
        self.source = source

    def __call__(self, _event: AbortEvent) -> None:
        self.combined._abort(self.source.reason)


class AbortController:
    """Node's ``AbortController``: ``controller.signal``, ``controller.abort(reason)``."""

    __slots__ = ("signal",)

    def __init__(self) -> None:
        self.signal = AbortSignal()

    def __repr__(self) -> str:
        return f"<AbortController signal={self.signal!r}>"

    def abort(self, reason: Any = None) -> None:
        """Abort the signal (once); ``reason`` defaults to an :class:`AbortError`."""
        self.signal._abort(reason)


def _check_ms(ms: Any) -> None:
    if isinstance(ms, bool) or not isinstance(ms, (int, float)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "delay" argument must be of type number. Received {ms!r}')


def validate_abort_signal(signal: Any, name: str = "signal") -> None:
    """Node's ``validateAbortSignal``: ``ERR_INVALID_ARG_TYPE`` for anything else."""
    if signal is not None and not (hasattr(signal, "aborted")
                                   and callable(getattr(signal, "add_event_listener", None))):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "{name}" property must be an instance of AbortSignal. '
                            f"Received {signal!r}")


def abort_error(signal: AbortSignal) -> AbortError:
    """The error an operation fails with when ``signal`` aborts it."""
    return AbortError(cause=signal.reason)


def on_abort(signal: AbortSignal, fn: Callable[[], Any]) -> Callable[[], None]:
    """Call ``fn()`` when ``signal`` aborts; return the function that stops
    listening. Nothing is added for an aborted signal (the caller acts now)."""
    def listener(_event: AbortEvent) -> None:
        fn()

    signal.add_event_listener("abort", listener)
    return lambda: signal.remove_event_listener("abort", listener)


def add_abort_signal(signal: AbortSignal, stream: Any) -> Any:
    """Node's ``stream.addAbortSignal(signal, stream)``: aborting ``signal``
    destroys ``stream`` with an :class:`AbortError` (at once if it is aborted
    already); the listener goes when the stream emits ``'close'``."""
    validate_abort_signal(signal)
    if not callable(getattr(stream, "destroy", None)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "stream" argument must be a stream. Received {stream!r}')
    if signal.aborted:
        stream.destroy(abort_error(signal))
        return stream
    stop = on_abort(signal, lambda: stream.destroy(abort_error(signal)))
    stream.once("close", lambda *_: stop())
    return stream
