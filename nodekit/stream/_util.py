"""Shared machinery of the stream classes: errors, options, destroy, stream predicates.

Owns what Node keeps in ``internal/streams/{destroy,state,utils}.js`` and the
stream error constructors: ``destroy()`` and the ``'error'``/``'close'``
emission order, ``error_or_destroy``, high-water-mark options, binding of the
simplified-construction callables, and the duck-typed predicates that
``finished``/``pipeline`` use. It knows nothing of the concrete classes: it
only touches ``_readable_state`` / ``_writable_state`` (either may be ``None``).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from .. import runtime
from .._buffer import normalize_encoding
from ..abort import AbortError
from ..errors import NodeError, NodeTypeError, NodeValueError

__all__ = [
    "AbortError", "nop", "merge_options", "get_high_water_mark", "bind_hook",
    "destroy", "error_or_destroy", "destroyer",
]

next_tick = runtime.next_tick

DEFAULT_HWM_BYTES = 16 * 1024
DEFAULT_HWM_OBJECTS = 16


def nop(*_args: Any) -> None:
    """The callback used when the caller gave none (compared by identity)."""


# -- errors -----------------------------------------------------------------
def err_write_after_end() -> NodeError:
    return NodeError("ERR_STREAM_WRITE_AFTER_END", "write after end")


def err_destroyed(method: str) -> NodeError:
    return NodeError("ERR_STREAM_DESTROYED", f"Cannot call {method} after a stream was destroyed")


def err_already_finished(method: str) -> NodeError:
    return NodeError("ERR_STREAM_ALREADY_FINISHED",
                     f"Cannot call {method} after a stream was finished")


def err_push_after_eof() -> NodeError:
    return NodeError("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF")


def err_unshift_after_end() -> NodeError:
    return NodeError("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event")


def err_premature_close() -> NodeError:
    return NodeError("ERR_STREAM_PREMATURE_CLOSE", "Premature close")


def err_multiple_callback() -> NodeError:
    return NodeError("ERR_MULTIPLE_CALLBACK", "Callback called multiple times")


def err_not_implemented(method: str) -> NodeError:
    return NodeError("ERR_METHOD_NOT_IMPLEMENTED", f"The {method} method is not implemented")


def err_cannot_pipe() -> NodeError:
    return NodeError("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable")


def err_null_values() -> NodeTypeError:
    return NodeTypeError("ERR_STREAM_NULL_VALUES", "May not write null values to stream")


def err_invalid_chunk(chunk: Any) -> NodeTypeError:
    return NodeTypeError(
        "ERR_INVALID_ARG_TYPE",
        'The "chunk" argument must be of type str or a bytes-like object. '
        f"Received {type(chunk).__name__}")


def check_encoding(encoding: str) -> str:
    """Node's canonical name, raising ``ERR_UNKNOWN_ENCODING`` (a TypeError)."""
    enc = normalize_encoding(encoding)
    assert enc is not None
    return enc


# -- options ----------------------------------------------------------------
def merge_options(options: dict[str, Any] | None, kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """Options may come as a dict, as keyword arguments, or both (kwargs win)."""
    if not kwargs:
        return options
    if not options:
        return kwargs
    merged = dict(options)
    merged.update(kwargs)
    return merged


def get_high_water_mark(opts: dict[str, Any] | None, duplex_key: str, is_duplex: bool,
                        object_mode: bool) -> int:
    """Node's ``getHighWaterMark``: ``high_water_mark`` wins over the per-side key."""
    hwm = None
    if opts:
        hwm = opts.get("high_water_mark")
        if hwm is None and is_duplex:
            hwm = opts.get(duplex_key)
    if hwm is None:
        return DEFAULT_HWM_OBJECTS if object_mode else DEFAULT_HWM_BYTES
    if (isinstance(hwm, bool) or not isinstance(hwm, (int, float))
            or (isinstance(hwm, float) and not hwm.is_integer()) or hwm < 0):
        # Node's NumberIsInteger: NaN and the infinities are invalid too.
        name = duplex_key if is_duplex else "high_water_mark"
        raise NodeTypeError("ERR_INVALID_ARG_VALUE",
                            f"The property 'options.{name}' is invalid. Received {hwm!r}")
    return int(hwm)


def bind_hook(fn: Callable[..., Any], stream: Any, arity: int) -> Callable[..., Any]:
    """A simplified-construction callable becomes the hook method.

    Like Node's ``new Readable({read() {...}})`` the function is bound to the
    stream when it takes the stream as a first parameter, i.e. when it
    *requires* more positional parameters than the hook passes
    (``read=lambda self, size: ...``); otherwise it is called as is
    (``read=lambda size: ...``).
    """
    code = getattr(fn, "__code__", None)
    if code is None:
        return fn
    required = code.co_argcount - len(getattr(fn, "__defaults__", None) or ())
    if getattr(fn, "__self__", None) is not None:
        required -= 1
    if required > arity:
        return types.MethodType(fn, stream)
    return fn


# -- destroy (Node's internal/streams/destroy.js) ----------------------------
def _check_error(err: BaseException, w: Any, r: Any) -> None:
    if w is not None and w.errored is None:
        w.errored = err
    if r is not None and r.errored is None:
        r.errored = err


class _OnDestroy:
    """The callback handed to ``_destroy``: marks the stream closed, emits later."""

    __slots__ = ("stream", "cb", "called")

    def __init__(self, stream: Any, cb: Callable[..., Any] | None) -> None:
        self.stream = stream
        self.cb = cb
        self.called = False

    def __call__(self, err: BaseException | None = None) -> None:
        if self.called:
            return
        self.called = True
        stream = self.stream
        r = stream._readable_state
        w = stream._writable_state
        if err is not None:
            _check_error(err, w, r)
        if w is not None:
            w.closed = True
        if r is not None:
            r.closed = True
        if self.cb is not None:
            self.cb(err)
        if err is not None:
            next_tick(emit_error_close_nt, stream, err)
        else:
            next_tick(emit_close_nt, stream)


def destroy(self: Any, err: BaseException | None = None,
            callback: Callable[..., Any] | None = None) -> Any:
    """``stream.destroy([err])``: the shared implementation of every stream class.

    Marks the stream destroyed, calls ``_destroy(err, cb)``; once ``cb`` runs,
    ``'error'`` (if any) then ``'close'`` follow on the next tick.
    """
    r = self._readable_state
    w = self._writable_state
    if (w is not None and w.destroyed) or (r is not None and r.destroyed):
        if callback is not None:
            callback()
        return self
    if w is not None and (w.buffered or w.on_finished):
        # Writable.destroy: pending write/end callbacks get the error later.
        next_tick(w.error_buffer)
    if err is not None:
        _check_error(err, w, r)
    if w is not None:
        w.destroyed = True
    if r is not None:
        r.destroyed = True
    on_destroy = _OnDestroy(self, callback)
    try:
        self._destroy(err, on_destroy)
    except Exception as exc:  # noqa: BLE001 - Node routes a throwing _destroy to its callback
        on_destroy(exc)
    return self


def undestroy(self: Any) -> None:
    """Node's ``_undestroy()``: make a destroyed (or ended) stream usable again,
    as ``net.Socket`` does before it reconnects."""
    r = self._readable_state
    w = self._writable_state
    if r is not None:
        r.closed = r.close_emitted = r.destroyed = False
        r.errored = None
        r.error_emitted = r.reading = False
        r.ended = r.end_emitted = r.readable is False
    if w is not None:
        w.destroyed = w.closed = w.close_emitted = False
        w.errored = None
        w.error_emitted = w.final_called = w.prefinished = False
        w.ended = w.ending = w.finished = w.writable is False


def emit_close_nt(stream: Any) -> None:
    r = stream._readable_state
    w = stream._writable_state
    if w is not None:
        w.close_emitted = True
    if r is not None:
        r.close_emitted = True
    if (w is not None and w.emit_close) or (r is not None and r.emit_close):
        stream.emit("close")


def emit_error_nt(stream: Any, err: BaseException) -> None:
    r = stream._readable_state
    w = stream._writable_state
    if (w is not None and w.error_emitted) or (r is not None and r.error_emitted):
        return
    if w is not None:
        w.error_emitted = True
    if r is not None:
        r.error_emitted = True
    stream.emit("error", err)


def emit_error_close_nt(stream: Any, err: BaseException) -> None:
    emit_error_nt(stream, err)
    emit_close_nt(stream)


def error_or_destroy(stream: Any, err: BaseException, sync: bool = False) -> None:
    """Destroy with ``err`` when auto-destroying, else only record and emit it."""
    r = stream._readable_state
    w = stream._writable_state
    if (w is not None and w.destroyed) or (r is not None and r.destroyed):
        return
    if (r is not None and r.auto_destroy) or (w is not None and w.auto_destroy):
        stream.destroy(err)
    elif err is not None:
        _check_error(err, w, r)
        if sync:
            next_tick(emit_error_nt, stream, err)
        else:
            emit_error_nt(stream, err)


# -- predicates (Node's internal/streams/utils.js) ----------------------------
def rstate(stream: Any) -> Any:
    return getattr(stream, "_readable_state", None)


def wstate(stream: Any) -> Any:
    return getattr(stream, "_writable_state", None)


def is_node_stream(obj: Any) -> bool:
    return obj is not None and (
        rstate(obj) is not None or wstate(obj) is not None
        or (callable(getattr(obj, "on", None))
            and (callable(getattr(obj, "write", None)) or callable(getattr(obj, "pipe", None)))))


def is_readable_node_stream(obj: Any, strict: bool = False) -> bool:
    if obj is None or not callable(getattr(obj, "pipe", None)) or not callable(
            getattr(obj, "on", None)):
        return False
    if strict and not (callable(getattr(obj, "pause", None))
                       and callable(getattr(obj, "resume", None))):
        return False
    r = rstate(obj)
    if wstate(obj) is not None and (r is None or r.readable is False):
        return False
    # Unlike Node, a Writable without state (a legacy-style subclass such as
    # http's OutgoingMessage) is not taken for a readable: its pipe() only errors.
    return not (r is None and getattr(obj, "_pipe_errors", False))


def is_writable_node_stream(obj: Any) -> bool:
    if obj is None or not callable(getattr(obj, "write", None)) or not callable(
            getattr(obj, "on", None)):
        return False
    w = wstate(obj)
    return not (rstate(obj) is not None and w is not None and w.writable is False)


def is_destroyed(stream: Any) -> bool:
    if getattr(stream, "destroyed", False) is True:
        return True
    state = wstate(stream) or rstate(stream)
    return bool(state is not None and state.destroyed)


def is_writable_ended(stream: Any) -> bool | None:
    if not is_writable_node_stream(stream):
        return None
    if getattr(stream, "writable_ended", None) is True:
        return True
    w = wstate(stream)
    if w is None:
        return None
    if w.errored is not None:
        return False
    return w.ended


def is_writable_finished(stream: Any, strict: bool = True) -> bool | None:
    if not is_writable_node_stream(stream):
        return None
    if getattr(stream, "writable_finished", None) is True:
        return True
    w = wstate(stream)
    if w is None:
        return None
    if w.errored is not None:
        return False
    return bool(w.finished or (not strict and w.ended and w.length == 0))


def is_readable_finished(stream: Any, strict: bool = True) -> bool | None:
    if not is_readable_node_stream(stream):
        return None
    r = rstate(stream)
    if r is None:
        return None
    if r.errored is not None:
        return False
    return bool(r.end_emitted or (not strict and r.ended and r.length == 0))


def is_readable(stream: Any) -> bool | None:
    readable = getattr(stream, "readable", None)
    if not isinstance(readable, bool):
        return None
    if is_destroyed(stream):
        return False
    return is_readable_node_stream(stream) and readable and not is_readable_finished(stream)


def is_writable(stream: Any) -> bool | None:
    writable = getattr(stream, "writable", None)
    if not isinstance(writable, bool):
        return None
    if is_destroyed(stream):
        return False
    return is_writable_node_stream(stream) and writable and not is_writable_ended(stream)


def is_finished(stream: Any) -> bool:
    if is_destroyed(stream):
        return True
    return not (is_readable(stream) or is_writable(stream))


def is_closed(stream: Any) -> bool | None:
    closed = getattr(stream, "closed", None)
    if isinstance(closed, bool):
        return closed
    w, r = wstate(stream), rstate(stream)
    if w is None and r is None:
        return None
    return bool((w is not None and w.closed) or (r is not None and r.closed))


def stream_errored(stream: Any) -> BaseException | None:
    w, r = wstate(stream), rstate(stream)
    err = w.errored if w is not None else None
    if err is None and r is not None:
        err = r.errored
    return err


def is_disturbed(stream: Any) -> bool:
    """Node's ``stream.isDisturbed``: has the stream been read from or cancelled?"""
    return bool(stream is not None and (getattr(stream, "readable_did_read", False)
                                        or getattr(stream, "readable_aborted", False)))


def is_errored(stream: Any) -> bool:
    """Node's ``stream.isErrored``: has the stream encountered an error?"""
    w, r = wstate(stream), rstate(stream)
    return bool((r is not None and (r.error_emitted or r.errored is not None))
                or (w is not None and (w.error_emitted or w.errored is not None)))


def will_emit_close(stream: Any) -> bool:
    state = wstate(stream) or rstate(stream)
    if state is None:
        # Node's isServerResponse: a stateless stream marked as one that always
        # ends with 'close' (http's ServerResponse); finished() waits for it.
        return bool(getattr(stream, "_always_closes", False))
    return bool(state.auto_destroy and state.emit_close and state.closed is False)


def _is_server_request(stream: Any) -> bool:
    # Node's isServerRequest: an IncomingMessage that no ClientRequest owns.
    return (isinstance(getattr(stream, "_consuming", None), bool)
            and callable(getattr(stream, "_dump", None))
            and getattr(stream, "req", None) is None)


def _is_request(stream: Any) -> bool:
    # Node's isRequest: a ClientRequest (set_header and abort).
    return (stream is not None and callable(getattr(stream, "set_header", None))
            and callable(getattr(stream, "abort", None)))


def destroyer(stream: Any, err: BaseException | None = None) -> None:
    """Node's ``stream.destroy(stream, err)`` (``destroyImpl.destroyer``): destroy,
    with an ``AbortError`` if unfinished. A server request is destroyed without
    its socket (the response can still be sent); a ClientRequest (or a response
    of one) is aborted."""
    if stream is None or is_destroyed(stream):
        return
    if err is None and not is_finished(stream):
        err = AbortError()
    if _is_server_request(stream):
        stream.socket = None
        stream.destroy(err)
    elif _is_request(stream):
        stream.abort()
    elif _is_request(getattr(stream, "req", None)):
        stream.req.abort()
    elif callable(getattr(stream, "destroy", None)):
        stream.destroy(err)
    elif callable(getattr(stream, "close", None)):
        stream.close()
    elif err is not None:
        next_tick(_emit_error_close_legacy, stream, err)
    else:
        next_tick(stream.emit, "close")


def _emit_error_close_legacy(stream: Any, err: BaseException) -> None:
    stream.emit("error", err)
    stream.emit("close")


def out_of_range(name: str, rng: str, value: Any) -> NodeValueError:
    return NodeValueError("ERR_OUT_OF_RANGE",
                          f'The value of "{name}" is out of range. It must be {rng}. '
                          f"Received {value!r}")
