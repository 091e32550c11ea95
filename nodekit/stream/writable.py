"""``Writable`` (Node's ``internal/streams/writable.js``).

Owns the write queue and its accounting: ``write()`` returning ``False`` at
the high-water mark and ``'drain'`` once the queue empties, corking (buffered
writes go to ``_writev`` in one call), ``end()``, ``_final`` and the
``'prefinish'``/``'finish'`` order, and write-after-end errors. All state
lives in :class:`WritableState` (``stream._writable_state``).

Fast path: a ``write()`` whose ``_write`` calls back synchronously without a
user callback costs no ``next_tick`` unless ``'drain'`` is due.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import iscoroutine
from typing import Any

from .. import runtime
from .._buffer import encode
from ..abort import add_abort_signal
from ._util import (
    bind_hook,
    check_encoding,
    destroy,
    err_already_finished,
    err_cannot_pipe,
    err_destroyed,
    err_invalid_chunk,
    err_multiple_callback,
    err_not_implemented,
    err_null_values,
    err_write_after_end,
    error_or_destroy,
    get_high_water_mark,
    merge_options,
    next_tick,
    nop,
    undestroy,
)
from .legacy import Stream

__all__ = ["Writable", "WritableState"]

Callback = Callable[..., Any]


class WritableState:
    """Everything a Writable tracks; one instance per stream."""

    __slots__ = (
        "object_mode", "high_water_mark", "decode_strings", "default_encoding",
        "length", "writing", "corked", "sync", "buffer_processing",
        "write_cb", "write_len", "expect_write_cb", "after_write_pending",
        "after_write_tick_info", "pending_cb", "need_drain", "ending", "ended",
        "finished", "final_called", "prefinished", "destroyed", "errored",
        "error_emitted", "closed", "close_emitted", "emit_close", "auto_destroy",
        "buffered", "buffered_index", "all_buffers", "all_noop", "on_finished",
        "writable",
    )

    def __init__(self, opts: dict[str, Any] | None = None, is_duplex: bool = False) -> None:
        object_mode = False
        self.decode_strings = True
        self.emit_close = True
        self.auto_destroy = True
        self.default_encoding = "utf8"
        if opts:
            object_mode = bool(opts.get("object_mode")) or (
                is_duplex and bool(opts.get("writable_object_mode")))
            if opts.get("decode_strings") is False:
                self.decode_strings = False
            if opts.get("emit_close") is False:
                self.emit_close = False
            if opts.get("auto_destroy") is False:
                self.auto_destroy = False
            enc = opts.get("default_encoding")
            if enc is not None:
                self.default_encoding = check_encoding(enc)
            self.high_water_mark = get_high_water_mark(
                opts, "writable_high_water_mark", is_duplex, object_mode)
        else:
            self.high_water_mark = 16384
        self.object_mode = object_mode
        self.length = 0
        self.writing = False
        self.corked = 0
        self.sync = True
        self.buffer_processing = False
        self.write_cb: Callback = nop
        self.write_len = 0
        self.expect_write_cb = False
        self.after_write_pending = False
        # [count, cb] while an afterWrite tick for a repeated callback is pending.
        self.after_write_tick_info: list[Any] | None = None
        self.pending_cb = 0
        self.need_drain = False
        self.ending = False
        self.ended = False
        self.finished = False
        self.final_called = False
        self.prefinished = False
        self.destroyed = False
        self.errored: BaseException | None = None
        self.error_emitted = False
        self.closed = False
        self.close_emitted = False
        # (chunk, encoding, callback) triples waiting their turn; None when empty.
        self.buffered: list[tuple[Any, str, Callback] | None] | None = None
        self.buffered_index = 0
        self.all_buffers = True
        self.all_noop = True
        self.on_finished: list[Callback] | None = None
        # None: a normal writable; False: the disabled side of a Duplex.
        self.writable: bool | None = None

    def get_buffer(self) -> list[tuple[Any, str]]:
        buffered = self.buffered
        if not buffered:
            return []
        return [(e[0], e[1]) for e in buffered[self.buffered_index:] if e is not None]

    @property
    def buffered_request_count(self) -> int:
        buffered = self.buffered
        return len(buffered) - self.buffered_index if buffered else 0

    def reset_buffer(self) -> None:
        self.buffered = None
        self.buffered_index = 0
        self.all_buffers = True
        self.all_noop = True

    def error_buffer(self) -> None:
        """Fail every queued write and pending ``end()`` callback (after destroy/error)."""
        if self.writing:
            return
        buffered = self.buffered
        if buffered:
            object_mode = self.object_mode
            for i in range(self.buffered_index, len(buffered)):
                entry = buffered[i]
                if entry is None:
                    continue
                chunk, _enc, callback = entry
                self.length -= 1 if object_mode else len(chunk)
                callback(self.errored or err_destroyed("write"))
        call_finished_callbacks(self, self.errored or err_destroyed("end"))
        self.reset_buffer()


_WRITABLE_HOOKS = (("write", "_write", 3), ("writev", "_writev", 2), ("final", "_final", 1),
                   ("destroy", "_destroy", 2))


def bind_writable_hooks(stream: Any, opts: dict[str, Any]) -> None:
    for key, attr, arity in _WRITABLE_HOOKS:
        fn = opts.get(key)
        if fn is not None and callable(fn):
            setattr(stream, attr, bind_hook(fn, stream, arity))
    signal = opts.get("signal")
    if signal is not None:
        # Node's ``signal`` option (Writable, Duplex, Transform): its abort
        # destroys the stream with an AbortError.
        add_abort_signal(signal, stream)


class Writable(Stream):
    """Node's ``stream.Writable``.

    Subclasses implement ``_write(chunk, encoding, callback)`` and optionally
    ``_writev(chunks, callback)`` (``chunks`` is a list of ``(chunk, encoding)``),
    ``_final(callback)`` and ``_destroy(err, callback)``.
    """

    # A Writable's pipe() only errors (see _util.is_readable_node_stream).
    _pipe_errors = True
    _writev: Callable[..., Any] | None = None
    _final: Callable[..., Any] | None = None

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        opts = merge_options(options, kwargs) if kwargs else options
        # Stream.__init__ (EventEmitter's), inlined.
        self._events = {}
        self._max_listeners = None
        self._writable_state = WritableState(opts, False)
        if opts:
            bind_writable_hooks(self, opts)

    # -- hooks ----------------------------------------------------------------
    def _write(self, chunk: Any, encoding: str, callback: Callback) -> None:
        if self._writev is not None:
            self._writev([(chunk, encoding)], callback)
        else:
            raise err_not_implemented("_write()")

    def _destroy(self, err: BaseException | None, callback: Callback) -> None:
        callback(err)

    destroy = destroy
    _undestroy = undestroy

    def _stream_onwrite(self, err: BaseException | None = None) -> None:
        on_write(self, err)

    # -- public API -------------------------------------------------------------
    def pipe(self, dest: Any, end: Any = True) -> Any:
        error_or_destroy(self, err_cannot_pipe())
        return dest

    def write(self, chunk: Any, encoding: Any = None, callback: Callback | None = None) -> bool:
        """Queue ``chunk``; ``False`` means wait for ``'drain'`` before writing more."""
        if encoding is not None and type(encoding) is not str and callable(encoding):
            callback = encoding
            encoding = None
        return _write(self, chunk, encoding, callback) is True

    def cork(self) -> None:
        self._writable_state.corked += 1

    def uncork(self) -> None:
        state = self._writable_state
        if state.corked:
            state.corked -= 1
            if not state.writing:
                clear_buffer(self, state)

    def set_default_encoding(self, encoding: str) -> Writable:
        self._writable_state.default_encoding = check_encoding(str(encoding).lower())
        return self

    def end(self, chunk: Any = None, encoding: Any = None,
            callback: Callback | None = None) -> Writable:
        """Finish writing: ``end()``, ``end(cb)``, ``end(chunk, cb)``, ``end(chunk, enc, cb)``."""
        state = self._writable_state
        if callable(chunk):
            callback = chunk
            chunk = None
            encoding = None
        elif encoding is not None and type(encoding) is not str and callable(encoding):
            callback = encoding
            encoding = None

        err: BaseException | None = None
        if chunk is not None:
            ret = _write(self, chunk, encoding, None)
            if isinstance(ret, BaseException):
                err = ret

        # end() fully uncorks.
        if state.corked:
            state.corked = 1
            self.uncork()

        if err is not None:
            pass
        elif not state.ending and state.errored is None:
            state.ending = True
            finish_maybe(self, state, True)
            state.ended = True
        elif state.finished:
            err = err_already_finished("end")
        elif state.destroyed:
            err = err_destroyed("end")

        if callback is not None:
            if err is not None:
                next_tick(callback, err)
            elif state.errored is not None:
                next_tick(callback, state.errored)
            elif state.finished:
                next_tick(callback, None)
            else:
                if state.on_finished is None:
                    state.on_finished = []
                state.on_finished.append(callback)
        return self

    # -- properties -------------------------------------------------------------
    @property
    def writable(self) -> bool:
        w = self._writable_state
        return (w is not None and w.writable is not False and w.errored is None
                and not (w.ending or w.ended or w.destroyed))

    @writable.setter
    def writable(self, value: bool) -> None:
        if self._writable_state is not None:
            self._writable_state.writable = bool(value)

    @property
    def writable_ended(self) -> bool:
        return self._writable_state.ending

    @property
    def writable_finished(self) -> bool:
        return self._writable_state.finished

    @property
    def writable_length(self) -> int:
        return self._writable_state.length

    @property
    def writable_high_water_mark(self) -> int:
        return self._writable_state.high_water_mark

    @property
    def writable_need_drain(self) -> bool:
        w = self._writable_state
        return w.need_drain and not w.destroyed and not w.ending

    @property
    def writable_corked(self) -> int:
        return self._writable_state.corked

    @property
    def writable_object_mode(self) -> bool:
        return self._writable_state.object_mode

    @property
    def writable_buffer(self) -> list[tuple[Any, str]]:
        return self._writable_state.get_buffer()

    @property
    def writable_aborted(self) -> bool:
        w = self._writable_state
        return (w.writable is not False and (w.destroyed or w.errored is not None)
                and not w.finished)

    @property
    def destroyed(self) -> bool:
        state = self._writable_state
        return state is not None and state.destroyed  # False before __init__, as in Node

    @destroyed.setter
    def destroyed(self, value: bool) -> None:
        if self._writable_state is not None:  # not before __init__ (as Node's setter)
            self._writable_state.destroyed = bool(value)

    @property
    def closed(self) -> bool:
        return self._writable_state.closed

    @property
    def errored(self) -> BaseException | None:
        return self._writable_state.errored


# -- the write path ------------------------------------------------------------
def _write(stream: Any, chunk: Any, encoding: str | None,
           cb: Callback | None) -> bool | BaseException:
    state = stream._writable_state
    if cb is None:
        cb = nop
    if chunk is None:
        raise err_null_values()
    if not state.object_mode:
        if encoding is not None and encoding != "utf8" and encoding != "buffer":
            encoding = check_encoding(encoding)
        t = type(chunk)
        if t is bytes:
            encoding = "buffer"
        elif t is str:
            if encoding is None:
                encoding = state.default_encoding
            if state.decode_strings:
                chunk = encode(chunk, encoding)
                encoding = "buffer"
        elif isinstance(chunk, (bytes, bytearray, memoryview)):
            chunk = bytes(chunk)
            encoding = "buffer"
        else:
            raise err_invalid_chunk(chunk)

    if state.ending:
        err: BaseException = err_write_after_end()
    elif state.destroyed:
        err = err_destroyed("write")
    else:
        state.pending_cb += 1
        return write_or_buffer(stream, state, chunk, encoding, cb)
    next_tick(cb, err)
    error_or_destroy(stream, err, True)
    return err


def write_or_buffer(stream: Any, state: WritableState, chunk: Any, encoding: Any,
                    callback: Callback) -> bool:
    """Write now if idle, else queue; the result is ``write()``'s return value."""
    n = 1 if state.object_mode else len(chunk)
    state.length += n
    if state.writing or state.corked or state.errored is not None:
        buffered = state.buffered
        if buffered is None:
            buffered = state.buffered = []
        buffered.append((chunk, encoding, callback))
        if encoding != "buffer":
            state.all_buffers = False
        if callback is not nop:
            state.all_noop = False
    else:
        state.write_len = n
        state.write_cb = callback
        state.writing = True
        state.sync = True
        state.expect_write_cb = True
        stream._write(chunk, encoding, stream._stream_onwrite)
        state.sync = False

    length = state.length
    ret = length < state.high_water_mark or length == 0
    if not ret:
        state.need_drain = True
    # False if errored or destroyed, to break synchronous ``while write()`` loops.
    return ret and not state.destroyed and state.errored is None


def _do_write(stream: Any, state: WritableState, writev: bool, n: int, chunk: Any,
              encoding: Any, cb: Callback) -> None:
    state.write_len = n
    state.write_cb = cb
    state.writing = True
    state.sync = True
    state.expect_write_cb = True
    if state.destroyed:
        on_write(stream, err_destroyed("write"))
    elif writev:
        stream._writev(chunk, stream._stream_onwrite)
    else:
        stream._write(chunk, encoding, stream._stream_onwrite)
    state.sync = False


def _on_write_error(stream: Any, state: WritableState, err: BaseException, cb: Callback) -> None:
    state.pending_cb -= 1
    cb(err)
    # Queued writes fail too; the error itself must follow the callback.
    state.error_buffer()
    error_or_destroy(stream, err)


def on_write(stream: Any, err: BaseException | None = None) -> None:
    """The callback every ``_write``/``_writev`` receives."""
    state = stream._writable_state
    if not state.expect_write_cb:
        error_or_destroy(stream, err_multiple_callback())
        return
    sync = state.sync
    cb = state.write_cb
    state.write_cb = nop
    state.writing = False
    state.expect_write_cb = False
    state.length -= state.write_len
    state.write_len = 0

    if err is not None:
        if state.errored is None:
            state.errored = err
        # A Duplex's readable side learns of the error too.
        r = stream._readable_state
        if r is not None and r.errored is None:
            r.errored = err
        if sync:
            next_tick(_on_write_error, stream, state, err, cb)
        else:
            _on_write_error(stream, state, err, cb)
        return

    if state.buffered:
        clear_buffer(stream, state)

    if not sync:
        after_write(stream, state, 1, cb)
        return
    need_tick = (state.need_drain and state.length == 0) or state.destroyed or cb is not nop
    if cb is nop:
        if not state.after_write_pending and need_tick:
            state.after_write_pending = True
            next_tick(after_write, stream, state, 1, cb)
        else:
            state.pending_cb -= 1
            if state.ending:
                finish_maybe(stream, state, True)
        return
    info = state.after_write_tick_info
    if info is not None and info[1] is cb:
        # The same callback again (common): count instead of another tick.
        info[0] += 1
    else:
        # needTick is always true here: cb is a real callback.
        state.after_write_tick_info = info = [1, cb]
        state.after_write_pending = True
        next_tick(_after_write_tick, stream, state, info)


def _after_write_tick(stream: Any, state: WritableState, info: list[Any]) -> None:
    if state.after_write_tick_info is info:
        state.after_write_tick_info = None
    after_write(stream, state, info[0], info[1])


def after_write(stream: Any, state: WritableState, count: int, cb: Callback) -> None:
    state.after_write_pending = False
    if state.need_drain and state.length == 0 and not state.ending and not state.destroyed:
        state.need_drain = False
        stream.emit("drain")
    while count > 0:
        count -= 1
        state.pending_cb -= 1
        cb(None)
    if state.destroyed:
        state.error_buffer()
    if state.ending:
        finish_maybe(stream, state, True)


def clear_buffer(stream: Any, state: WritableState) -> None:
    """Write out what queued up while a write was in flight (or while corked)."""
    if state.destroyed or state.buffer_processing or state.corked or not state.buffered:
        return
    buffered = state.buffered
    i = state.buffered_index
    count = len(buffered) - i
    if count <= 0:
        return
    state.buffer_processing = True
    if count > 1 and stream._writev is not None:
        state.pending_cb -= count - 1
        entries = buffered[i:]
        if state.all_noop:
            callback: Callback = nop
        else:
            def callback(err: BaseException | None = None) -> None:
                for entry in entries:
                    entry[2](err)  # type: ignore[index]
        chunks = [(e[0], e[1]) for e in entries]  # type: ignore[index]
        state.reset_buffer()
        _do_write(stream, state, True, state.length, chunks, "", callback)
    else:
        object_mode = state.object_mode
        while True:
            entry = buffered[i]
            buffered[i] = None
            i += 1
            chunk, encoding, callback = entry  # type: ignore[misc]
            _do_write(stream, state, False, 1 if object_mode else len(chunk), chunk, encoding,
                      callback)
            # Re-read the length: a synchronous _write may queue more.
            if i >= len(buffered) or state.writing:
                break
        if state.buffered is not buffered:
            pass  # error_buffer() ran inside a write and reset the queue
        elif i >= len(buffered):
            state.reset_buffer()
        elif i > 256:
            del buffered[:i]
            state.buffered_index = 0
        else:
            state.buffered_index = i
    state.buffer_processing = False


# -- finishing -----------------------------------------------------------------
def need_finish(state: WritableState) -> bool:
    return (state.ending and state.length == 0 and not state.destroyed and not state.finished
            and not state.writing and not state.error_emitted and not state.close_emitted
            and state.errored is None and not state.buffered)


def call_finished_callbacks(state: WritableState, err: BaseException | None) -> None:
    callbacks = state.on_finished
    if callbacks:
        state.on_finished = None
        for cb in callbacks:
            cb(err)


class _FinalCallback:
    """The callback ``_final`` receives; a second call is ``ERR_MULTIPLE_CALLBACK``."""

    __slots__ = ("stream", "state")

    def __init__(self, stream: Any, state: WritableState) -> None:
        self.stream = stream
        self.state = state

    def __call__(self, err: BaseException | None = None) -> None:
        stream, state = self.stream, self.state
        if state.prefinished:
            error_or_destroy(stream, err if err is not None else err_multiple_callback())
            return
        state.pending_cb -= 1
        if err is not None:
            call_finished_callbacks(state, err)
            error_or_destroy(stream, err, state.sync)
        elif need_finish(state):
            state.prefinished = True
            stream.emit("prefinish")
            # Node: 'finish' is asynchronous relative to the _final callback.
            state.pending_cb += 1
            next_tick(finish, stream, state)


def prefinish(stream: Any, state: WritableState) -> None:
    if state.prefinished or state.final_called:
        return
    final = stream._final
    if final is not None and not state.destroyed:
        state.final_called = True
        state.sync = True
        state.pending_cb += 1
        on_final = _FinalCallback(stream, state)
        try:
            res = final(on_final)
        except Exception as exc:  # noqa: BLE001 - a throwing _final errors the stream
            on_final(exc)
        else:
            if res is not None and iscoroutine(res):
                # An ``async def _final`` runs as a task; as in Node v20 only
                # its callback finishes the stream, and what it raises is
                # uncaught (Node: an unhandled rejection).
                runtime.spawn(res)
        state.sync = False
    else:
        state.final_called = True
        state.prefinished = True
        stream.emit("prefinish")


def finish_maybe(stream: Any, state: WritableState, sync: bool = False) -> None:
    if not need_finish(state):
        return
    prefinish(stream, state)
    if state.pending_cb == 0:
        if sync:
            state.pending_cb += 1
            next_tick(_finish_if_needed, stream, state)
        elif need_finish(state):
            state.pending_cb += 1
            finish(stream, state)


def _finish_if_needed(stream: Any, state: WritableState) -> None:
    if need_finish(state):
        finish(stream, state)
    else:
        state.pending_cb -= 1


def finish(stream: Any, state: WritableState) -> None:
    state.pending_cb -= 1
    state.finished = True
    call_finished_callbacks(state, None)
    stream.emit("finish")
    if state.auto_destroy:
        # A Duplex waits for its readable side too.
        r = stream._readable_state
        if r is None or (r.auto_destroy and (r.end_emitted or r.readable is False)):
            stream.destroy()
