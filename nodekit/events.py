"""Node's ``events`` module: ``EventEmitter`` and ``once``.

Owns listener bookkeeping and dispatch. Listeners may be plain functions or
``async def``; a coroutine returned by a listener is scheduled on the loop
as a ref'd task whose exception is uncaught (see :mod:`nodekit.runtime`).
``emit`` is on every hot path: an event nobody listens to costs one dict
lookup, a single listener one call.
"""

from __future__ import annotations

import asyncio
import inspect
import math
import sys
from collections.abc import Callable
from typing import Any

from .errors import NodeError, NodeTypeError, NodeValueError

__all__ = [
    "EventEmitter", "once", "get_event_listeners", "MaxListenersExceededWarning",
    "default_max_listeners", "capture_rejections",
]

Listener = Callable[..., Any]
default_max_listeners = 10
# Node's events.captureRejections: when True, an ``async def`` listener that
# raises goes to the emitter's ``_capture_rejection`` (by default an 'error'
# event) instead of being an unhandled rejection. Read when a listener fails.
capture_rejections = False
_iscoroutine = inspect.iscoroutine


class MaxListenersExceededWarning(UserWarning):
    """Node's warning for a likely listener leak."""


def _spawn(coro: Any) -> None:
    from .runtime import spawn

    spawn(coro)


def _spawn_listener(emitter: EventEmitter, coro: Any, event: str, args: tuple[Any, ...]) -> None:
    """Schedule an ``async def`` listener's coroutine (see ``capture_rejections``)."""
    _spawn(_captured(emitter, coro, event, args) if capture_rejections else coro)


async def _captured(emitter: EventEmitter, coro: Any, event: str, args: tuple[Any, ...]) -> Any:
    try:
        return await coro
    except Exception as err:  # noqa: BLE001 - Node's addCatch: every rejection
        from .runtime import next_tick

        next_tick(emitter._capture_rejection, err, event, *args)
        return None


class _OnceWrapper:
    """Calls ``listener`` once and removes itself; ``.listener`` is the original."""

    __slots__ = ("emitter", "event", "listener", "fired")

    def __init__(self, emitter: EventEmitter, event: str, listener: Listener) -> None:
        self.emitter = emitter
        self.event = event
        self.listener = listener
        self.fired = False

    def __call__(self, *args: Any) -> Any:
        if self.fired:
            return None
        self.fired = True
        self.emitter.remove_listener(self.event, self)
        return self.listener(*args)


def _caller_stacklevel() -> int:
    """warnings.warn's stacklevel for the first frame outside NodeKit: the
    caller's line. Counted, not fixed: compiled modules have no Python frames."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("nodekit."):
        frame = frame.f_back
        level += 1
    return level


def _check_listener(listener: Any) -> None:
    """Node's ``checkListener``: ``TypeError`` with ``ERR_INVALID_ARG_TYPE``."""
    if not callable(listener):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "listener" argument must be callable. Received {listener!r}')


def _same(registered: Listener, listener: Listener) -> bool:
    """Node compares listeners by identity; Python also needs ``==``, since each
    ``obj.method`` access makes a new bound-method object."""
    if registered is listener or registered == listener:
        return True
    return type(registered) is _OnceWrapper and (
        registered.listener is listener or registered.listener == listener)


def _unwrap(listener: Listener) -> Listener:
    return listener.listener if type(listener) is _OnceWrapper else listener


def _last_match(handlers: list[Listener], listener: Listener) -> int:
    """Index of the most recently added match (Node removes that one), or -1."""
    for i in range(len(handlers) - 1, -1, -1):
        item = handlers[i]
        # _same(item, listener), inlined: this loop runs on every removal from a list.
        if item is listener or item == listener or (type(item) is _OnceWrapper and (
                item.listener is listener or item.listener == listener)):
            return i
    return -1


class _EmitterCore:
    """All of ``EventEmitter`` but its name. Compiled, an extension type whose
    two fields are C fields (declared in ``events.pxd``), so its methods read
    ``_events`` without a dict lookup; ``EventEmitter`` below is a plain class
    on top of it, so that it and its subclasses keep an instance ``__dict__``,
    weak references and settable class attributes, and ``Duplex``'s two bases
    share one C layout (docs/architecture.md, "Extension types")."""

    # An event's value is one listener or a list of two or more. Lists are
    # never mutated in place (adding and removing make a new one), so emit()
    # can iterate the list it found while listeners add or remove others.
    # (events.pxd: _events is a dict, _max_listeners an int, math.inf or None.)

    def __init__(self, **_options: Any) -> None:
        self._events = {}
        self._max_listeners = None

    # -- adding -------------------------------------------------------------
    def _add(self, event: str, listener: Listener, prepend: bool) -> EventEmitter:
        if not callable(listener):
            _check_listener(listener)
        events = self._events
        if "newListener" in events:
            self.emit("newListener", event, _unwrap(listener))
        existing = events.get(event)
        if existing is None:
            events[event] = listener
            return self
        if type(existing) is list:
            existing = [listener, *existing] if prepend else [*existing, listener]
        else:
            existing = [listener, existing] if prepend else [existing, listener]
        events[event] = existing
        count = len(existing)
        if count == self.get_max_listeners() + 1:  # the only count that can warn
            self._warn_if_leaking(event, count)
        return self

    def _warn_if_leaking(self, event: str, count: int) -> None:
        limit = self.get_max_listeners()
        if 0 < limit < count and count == limit + 1:
            import warnings

            warnings.warn(
                f"Possible EventEmitter memory leak detected. {count} {event} listeners added "
                f"to {type(self).__name__}. Use emitter.set_max_listeners() to increase limit",
                MaxListenersExceededWarning, stacklevel=_caller_stacklevel())

    def on(self, event: str, listener: Listener) -> EventEmitter:
        return self._add(event, listener, False)

    add_listener = on

    def prepend_listener(self, event: str, listener: Listener) -> EventEmitter:
        return self._add(event, listener, True)

    def once(self, event: str, listener: Listener) -> EventEmitter:
        if not callable(listener):
            _check_listener(listener)
        return self._add(event, _OnceWrapper(self, event, listener), False)

    def prepend_once_listener(self, event: str, listener: Listener) -> EventEmitter:
        if not callable(listener):
            _check_listener(listener)
        return self._add(event, _OnceWrapper(self, event, listener), True)

    # -- removing -----------------------------------------------------------
    def remove_listener(self, event: str, listener: Listener) -> EventEmitter:
        # Node's checkListener runs first. Checked here only where nothing is
        # removed: every registered listener is callable, so one that matched is
        # too, and the common removal pays nothing for the check.
        events = self._events
        existing = events.get(event)
        if existing is None:
            if not callable(listener):
                _check_listener(listener)
            return self
        if existing is listener:
            removed = existing
            del events[event]
        elif type(existing) is list:
            i = _last_match(existing, listener)
            if i < 0:
                if not callable(listener):
                    _check_listener(listener)
                return self
            removed = existing[i]
            # A new list (or the one listener left): an emit in progress keeps its own.
            if len(existing) == 2:
                events[event] = existing[1 - i]
            else:
                events[event] = existing[:i] + existing[i + 1:]
        elif _same(existing, listener):
            removed = existing
            del events[event]
        else:
            if not callable(listener):
                _check_listener(listener)
            return self
        if "removeListener" in events:
            self.emit("removeListener", event, _unwrap(removed))
        return self

    off = remove_listener

    def remove_all_listeners(self, event: str | None = None) -> EventEmitter:
        events = self._events
        if "removeListener" not in events:
            if event is None:
                self._events = {}
            else:
                events.pop(event, None)
            return self
        names = [event] if event is not None else [n for n in events if n != "removeListener"]
        for name in names:
            for listener in reversed(self.raw_listeners(name)):
                self.remove_listener(name, listener)
        if event is None:
            # Node removes these last, one by one, so each remaining one hears the rest go.
            self.remove_all_listeners("removeListener")
        return self

    # -- emitting -----------------------------------------------------------
    def emit(self, event: str, *args: Any) -> bool:
        handler = self._events.get(event)
        if handler is None:
            if event == "error":
                self._unhandled_error(args)
            return False
        if type(handler) is list:
            # No copy needed: lists are replaced, never changed (see _events).
            for listener in handler:
                res = listener(*args)
                if res is not None and _iscoroutine(res):
                    _spawn_listener(self, res, event, args)
        else:
            res = handler(*args)
            if res is not None and _iscoroutine(res):
                _spawn_listener(self, res, event, args)
        return True

    def _capture_rejection(self, err: BaseException, event: str, *args: Any) -> None:
        """Node's Symbol.for('nodejs.rejection') hook: a failed ``async def``
        listener of ``event`` under ``capture_rejections``; 'error' by default."""
        self.emit("error", err)

    def _unhandled_error(self, args: tuple[Any, ...]) -> None:
        err = args[0] if args else None
        if isinstance(err, BaseException):
            raise err
        exc = NodeError("ERR_UNHANDLED_ERROR", f"Unhandled error. ({err!r})")
        exc.context = err  # type: ignore[attr-defined]
        raise exc

    # -- introspection ------------------------------------------------------
    def listeners(self, event: str) -> list[Listener]:
        return [_unwrap(fn) for fn in self.raw_listeners(event)]

    def raw_listeners(self, event: str) -> list[Listener]:
        handler = self._events.get(event)
        if handler is None:
            return []
        return list(handler) if type(handler) is list else [handler]

    def listener_count(self, event: str, listener: Listener | None = None) -> int:
        handler = self._events.get(event)
        if handler is None:
            return 0
        if listener is None:
            return len(handler) if type(handler) is list else 1
        return sum(1 for fn in self.raw_listeners(event)
                   if _same(fn, listener))

    def event_names(self) -> list[str]:
        return list(self._events)

    def set_max_listeners(self, n: float) -> EventEmitter:
        """At most ``n`` listeners per event before a warning; 0 or ``math.inf``: no limit."""
        if (not isinstance(n, (int, float)) or isinstance(n, bool) or n != n or n < 0):
            raise NodeValueError("ERR_OUT_OF_RANGE",
                                 f'The value of "n" is out of range. It must be a non-negative '
                                 f"number. Received {n!r}")
        self._max_listeners = n if n == math.inf else int(n)  # type: ignore[assignment]
        return self

    def get_max_listeners(self) -> float:
        n = self._max_listeners
        return default_max_listeners if n is None else n


class EventEmitter(_EmitterCore):
    """Node's ``EventEmitter`` with snake_case names and unchanged event names."""


def once(emitter: Any, name: str, options: dict[str, Any] | None = None, *,
         signal: Any = None) -> asyncio.Future[tuple[Any, ...]]:
    """A future for the next ``name`` on ``emitter``: the tuple of its arguments.

    The listener is added at the call (as Node's ``events.once`` does), so an
    emit between the call and the ``await`` is not lost. The future fails with
    the error if ``'error'`` is emitted first (unless waiting for ``'error'``),
    and with an ``AbortError`` (``cause``: the reason) if ``signal`` aborts
    first. ``emitter`` may also be an ``EventTarget`` such as an ``AbortSignal``
    (``add_event_listener``): its listener gets the one event object.
    ``signal`` may also come in Node's options dict: ``once(e, 'x', {'signal': s})``.
    """
    from .abort import abort_error, on_abort, validate_abort_signal
    from .runtime import get_loop

    if options:
        signal = options.get("signal", signal)
    validate_abort_signal(signal, "options.signal")
    fut: _OnceFuture = _OnceFuture(loop=get_loop())
    if signal is not None and signal.aborted:
        fut.set_exception(abort_error(signal))
        return fut

    # Each settles the future and removes every listener at once, as Node's
    # resolver does (the future's own done-callback runs a loop turn later).
    def on_event(*args: Any) -> None:
        if not fut.done():
            fut.set_result(args)
            cleanup(fut)

    def on_error(err: Any) -> None:
        if not fut.done():
            fut.set_exception(err if isinstance(err, BaseException) else Exception(err))
            cleanup(fut)

    def on_aborted() -> None:
        if not fut.done():
            fut.set_exception(abort_error(signal))
            cleanup(fut)

    stop_abort = on_abort(signal, on_aborted) if signal is not None else None
    target = not callable(getattr(emitter, "once", None)) and callable(
        getattr(emitter, "add_event_listener", None))

    def cleanup(_fut: Any) -> None:
        if target:
            emitter.remove_event_listener(name, on_event)
        else:
            emitter.remove_listener(name, on_event)
            emitter.remove_listener("error", on_error)
        if stop_abort is not None:
            stop_abort()

    if target:
        emitter.add_event_listener(name, on_event, once=True)
    else:
        emitter.once(name, on_event)
        if name != "error":
            emitter.once("error", on_error)
    fut.add_done_callback(cleanup)
    fut.cleanup = cleanup
    return fut


def get_event_listeners(emitter: Any, name: str) -> list[Listener]:
    """Node's ``events.getEventListeners``: the listeners of an ``EventEmitter``
    or of an ``EventTarget`` (an ``AbortSignal``) for ``name``."""
    if callable(getattr(emitter, "listeners", None)):
        return list(emitter.listeners(name))
    return list(emitter.event_listeners(name))


class _OnceFuture(asyncio.Future):  # type: ignore[type-arg]
    """Removes its listeners at ``cancel()`` itself, not a loop turn later."""

    cleanup: Callable[[Any], None] | None = None

    def cancel(self, msg: Any = None) -> bool:
        if self.cleanup is not None:
            self.cleanup(self)
        return super().cancel(msg)
