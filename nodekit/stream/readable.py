# cython: nonecheck=True
# (Compiled: a typed state that is None, in a subclass that never ran
# Readable.__init__, raises AttributeError as in pure Python.)
"""``Readable`` (Node's ``internal/streams/readable.js``).

Owns the read buffer and the two consumption modes: flowing (``'data'``
events, ``pause()``/``resume()``, ``pipe()`` with back-pressure) and paused
(``'readable'`` + ``read(n)``), end-of-stream (``push(None)`` → ``'end'``),
``set_encoding`` and ``async for``. All state lives in :class:`ReadableState`
(``stream._readable_state``).

Fast path (Node's ``addChunk``): ``push(chunk)`` on a stream that is flowing,
has an empty buffer, is not inside a synchronous ``_read`` and has a
``'data'`` listener emits ``'data'`` directly, without buffering. In state
terms: ``flowing is True and not sync and data_listening and length == 0``.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Callable
from typing import Any

from .._buffer import StringDecoder, decode, encode, normalize_encoding
from ..abort import add_abort_signal
from ..errors import NodeTypeError
from ..events import EventEmitter
from ._util import (
    bind_hook,
    destroy,
    destroyer,
    err_invalid_chunk,
    err_not_implemented,
    err_push_after_eof,
    err_unshift_after_end,
    error_or_destroy,
    get_high_water_mark,
    merge_options,
    next_tick,
    out_of_range,
    undestroy,
)
from .legacy import Stream

try:
    # Compiled: Cython's own; @cython.locals types a method's ``state`` as the
    # extension type of readable.pxd, so its fields are read directly.
    import cython
except ImportError:  # pure Python where Cython is not installed: no effect
    from .._cython_shim import cython  # type: ignore[no-redef]

__all__ = ["Readable", "ReadableState"]

Listener = Callable[..., Any]
_MAX_HWM = 0x40000000


_NO_BUFFER: collections.deque[Any] = collections.deque(maxlen=0)


def _own_buffer(state: ReadableState) -> collections.deque[Any]:
    """The stream's own buffer, made on first use."""
    buf = state.buffer
    if buf is _NO_BUFFER:
        buf = state.buffer = collections.deque()
    return buf


class ReadableState:
    """Everything a Readable tracks; one instance per stream."""

    __slots__ = (
        "object_mode", "high_water_mark", "buffer", "length", "pipes", "flowing", "ended",
        "end_emitted", "reading", "sync", "need_readable", "emitted_readable",
        "readable_listening", "resume_scheduled", "error_emitted", "emit_close",
        "auto_destroy", "destroyed", "closed", "close_emitted", "errored", "default_encoding",
        "await_drain_writers", "multi_await_drain", "reading_more", "data_emitted", "decoder",
        "encoding", "paused", "data_listening", "readable", "pipe_cleanups", "end_scheduled",
    )

    def __init__(self, opts: dict[str, Any] | None = None, is_duplex: bool = False) -> None:
        self.emit_close = True
        self.auto_destroy = True
        self.default_encoding = "utf8"
        self.decoder: StringDecoder | None = None
        self.encoding: str | None = None
        object_mode = False
        if opts:
            object_mode = bool(opts.get("object_mode")) or (
                is_duplex and bool(opts.get("readable_object_mode")))
            self.high_water_mark = get_high_water_mark(
                opts, "readable_high_water_mark", is_duplex, object_mode)
            if opts.get("emit_close") is False:
                self.emit_close = False
            if opts.get("auto_destroy") is False:
                self.auto_destroy = False
            enc = opts.get("default_encoding")
            if enc is not None:
                self.default_encoding = normalize_encoding(enc)
            enc = opts.get("encoding")
            if enc:
                self.decoder = StringDecoder(enc)
                self.encoding = self.decoder.encoding
        else:
            self.high_water_mark = 16384
        self.object_mode = object_mode
        # Shared and never mutated until this stream buffers its first chunk
        # (see _own_buffer): an empty deque costs ~600 bytes, and most
        # sockets with a protocol attached never buffer at all.
        self.buffer: collections.deque[Any] = _NO_BUFFER
        self.length = 0
        self.pipes: list[Any] = []
        # None: no consumer chose a mode yet; True: flowing; False: paused.
        self.flowing: bool | None = None
        self.ended = False
        self.end_emitted = False
        # An 'end' tick is pending (Node schedules one per call; one is enough).
        self.end_scheduled = False
        self.reading = False
        # True until the first _read() returns: pushes made before are buffered.
        self.sync = True
        self.need_readable = False
        self.emitted_readable = False
        self.readable_listening = False
        self.resume_scheduled = False
        self.error_emitted = False
        self.destroyed = False
        self.closed = False
        self.close_emitted = False
        self.errored: BaseException | None = None
        # None, one writable, or a set of them (several pipes) awaiting 'drain'.
        self.await_drain_writers: Any = None
        self.multi_await_drain = False
        self.reading_more = False
        self.data_emitted = False
        # None until pause()/resume() is called explicitly.
        self.paused: bool | None = None
        self.data_listening = False
        # None: a normal readable; False: the disabled side of a Duplex.
        self.readable: bool | None = None
        # (dest, cleanup) for each pipe(), parallel to ``pipes``.
        self.pipe_cleanups: list[tuple[Any, Callable[[], None]]] | None = None

    @property
    def pipes_count(self) -> int:
        return len(self.pipes)


_READABLE_HOOKS = (("read", "_read", 1), ("destroy", "_destroy", 2))


def _js_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


class _WrapDescriptor:
    """``readable.wrap(stream)`` on an instance, ``Readable.wrap(src, options)``
    (Node's static: a new Readable around ``src``) on the class."""

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        if obj is None:
            return lambda src, options=None, **kw: _wrap_static(cls, src, options, kw)
        return obj._wrap


def _wrap_static(cls: Any, src: Any, options: dict[str, Any] | None,
                 kwargs: dict[str, Any]) -> Any:
    object_mode = getattr(src, "readable_object_mode", None)
    if object_mode is None:
        object_mode = getattr(src, "object_mode", None)
    opts: dict[str, Any] = {"object_mode": True if object_mode is None else object_mode}
    opts.update(merge_options(options, kwargs) or {})

    def destroy(err: BaseException | None, callback: Callable[..., Any]) -> None:
        destroyer(src, err)
        callback(err)

    opts["destroy"] = destroy
    return cls(opts)._wrap(src)


class Readable(Stream):
    """Node's ``stream.Readable``.

    Subclasses implement ``_read(size)`` and call ``push(chunk)`` /
    ``push(None)``; optionally ``_destroy(err, callback)``.
    """

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        opts = merge_options(options, kwargs) if kwargs else options
        # EventEmitter.__init__, inlined (one stream per HTTP message).
        self._events = {}
        self._max_listeners = None
        self._readable_state = ReadableState(opts, False)
        if opts:
            for key, attr, arity in _READABLE_HOOKS:
                fn = opts.get(key)
                if fn is not None and callable(fn):
                    setattr(self, attr, bind_hook(fn, self, arity))
            signal = opts.get("signal")
            if signal is not None:
                # Node's ``signal`` option: its abort destroys the stream.
                add_abort_signal(signal, self)

    # -- hooks ----------------------------------------------------------------
    def _read(self, size: int) -> None:
        raise err_not_implemented("_read()")

    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        callback(err)

    destroy = destroy
    _undestroy = undestroy

    # -- producing ------------------------------------------------------------
    @cython.locals(state=ReadableState)
    def push(self, chunk: Any, encoding: str | None = None) -> bool:
        """Add ``chunk`` to the stream (``None`` = end of data).

        Returns ``False`` once the buffer reaches the high-water mark: the
        producer should stop until ``_read`` is called again.
        """
        state = self._readable_state
        if chunk is None:
            state.reading = False
            _on_eof_chunk(self, state)
            return False
        if state.object_mode:
            return _push_object(self, state, chunk, encoding)
        t = type(chunk)
        if t is bytes:
            encoding = None
        elif t is str:
            encoding = encoding or state.default_encoding
            if state.encoding != encoding:
                chunk = encode(chunk, encoding)
                encoding = None
        elif isinstance(chunk, (bytes, bytearray, memoryview)):
            chunk = bytes(chunk)
            encoding = None
        else:
            error_or_destroy(self, err_invalid_chunk(chunk))
            return False

        if not chunk:
            state.reading = False
            _maybe_read_more(self, state)
            return not state.ended and (state.length < state.high_water_mark
                                        or state.length == 0)
        if state.ended:
            error_or_destroy(self, err_push_after_eof())
            return False
        if state.destroyed or state.errored is not None:
            return False
        state.reading = False
        decoder = state.decoder
        if decoder is not None and encoding is None:
            chunk = decoder.write(chunk)
            if not chunk:
                _maybe_read_more(self, state)
                return not state.ended and (state.length < state.high_water_mark
                                            or state.length == 0)

        # Node's addChunk, inlined: the flowing fast path skips the buffer.
        if state.flowing and state.length == 0 and state.data_listening and not state.sync:
            if state.multi_await_drain:
                state.await_drain_writers.clear()
            else:
                state.await_drain_writers = None
            state.data_emitted = True
            self.emit("data", chunk)
        else:
            state.length += len(chunk)
            _own_buffer(state).append(chunk)
            if state.need_readable:
                _emit_readable(self)
        if not state.reading_more:
            state.reading_more = True
            next_tick(_maybe_read_more_nt, self, state)
        return not state.ended and (state.length < state.high_water_mark or state.length == 0)

    def unshift(self, chunk: Any, encoding: str | None = None) -> bool:
        """Put ``chunk`` back at the front of the buffer (data just ``read()``)."""
        state = self._readable_state
        if chunk is None:
            state.reading = False
            _on_eof_chunk(self, state)
            return False
        if not state.object_mode:
            if isinstance(chunk, str):
                encoding = encoding or state.default_encoding
                if state.encoding != encoding:
                    data = encode(chunk, encoding)
                    chunk = decode(data, state.encoding) if state.encoding else data
            elif isinstance(chunk, (bytes, bytearray, memoryview)):
                chunk = bytes(chunk)
            else:
                error_or_destroy(self, err_invalid_chunk(chunk))
                return False
            if not chunk:
                return _can_push_more(state)
        if state.end_emitted:
            error_or_destroy(self, err_unshift_after_end())
        elif state.destroyed or state.errored is not None:
            return False
        else:
            _add_chunk(self, state, chunk, True)
        return _can_push_more(state)

    # -- consuming ------------------------------------------------------------
    @cython.locals(state=ReadableState)
    def read(self, size: int | None = None) -> Any:
        """Pull up to ``size`` bytes (all buffered data, or one chunk when flowing).

        Returns ``None`` when not enough data is buffered yet (``'readable'``
        will tell when there is).
        """
        state = self._readable_state
        n = size
        if n is None:
            state.emitted_readable = False
        else:
            n = int(n)
            if n > state.high_water_mark:
                state.high_water_mark = _compute_new_hwm(n)
            if n != 0:
                state.emitted_readable = False
        if state.ended and not state.length:
            # Drained: whatever the size, a read only (re)schedules 'end'.
            if not state.end_emitted and not state.end_scheduled:
                state.end_scheduled = True
                next_tick(_end_readable_nt, state, self)
            return None
        n_orig = n
        if n is None:
            # Node's howMuchToRead for read(): one chunk when flowing, else all.
            if state.object_mode:
                n = 1
            elif state.flowing and state.length:
                n = len(state.buffer[0])
            else:
                n = state.length
        else:
            # read(0) with enough buffered only triggers 'readable'.
            if n == 0 and state.need_readable and (
                    (state.length >= state.high_water_mark if state.high_water_mark != 0
                     else state.length > 0) or state.ended):
                _emit_readable(self)
                return None
            n = _how_much_to_read(n, state) if n > 0 else 0
            if n == 0 and state.ended:
                return None

        if state.reading or state.ended or state.destroyed or state.errored is not None:
            pass
        elif state.need_readable or state.length == 0 or state.length - n < state.high_water_mark:
            n = self._call_read(state, n, n_orig)

        buf = state.buffer
        if n <= 0 or not buf:
            ret = None
        elif state.object_mode or len(buf[0]) == n:
            ret = buf.popleft()  # what _from_list returns then, without the call
        else:
            ret = _from_list(n, state)
        if ret is None:
            if state.length <= state.high_water_mark:
                state.need_readable = True
            n = 0
        else:
            state.length -= n
            if state.multi_await_drain:
                state.await_drain_writers.clear()
            else:
                state.await_drain_writers = None

        if state.length == 0:
            if not state.ended:
                state.need_readable = True
            if n_orig != n and state.ended:
                _end_readable(self)

        if ret is not None and not state.error_emitted and not state.close_emitted:
            state.data_emitted = True
            self.emit("data", ret)
        return ret

    @cython.locals(state=ReadableState)
    def _call_read(self, state: ReadableState, n: int, n_orig: int | None) -> int:
        """Call ``_read``; returns how much ``read()`` now takes (a sync push changes it)."""
        state.reading = True
        state.sync = True
        if state.length == 0:
            state.need_readable = True
        try:
            self._read(state.high_water_mark)
        except Exception as err:  # noqa: BLE001 - Node: a throwing _read errors the stream
            error_or_destroy(self, err)
        state.sync = False
        # A synchronous push() changed what there is to return.
        if not state.reading:
            n = _how_much_to_read(n_orig, state)
        return n

    def set_encoding(self, encoding: str | None) -> Readable:
        """Emit ``str`` decoded with ``encoding``; characters are never split."""
        state = self._readable_state
        decoder = StringDecoder(encoding)
        state.decoder = decoder
        state.encoding = decoder.encoding
        content = "".join(decoder.write(d) if not isinstance(d, str) else d
                          for d in state.buffer)
        state.buffer.clear()
        if content:
            _own_buffer(state).append(content)
        state.length = len(content)
        return self

    @cython.locals(state=ReadableState)
    def pause(self) -> Readable:
        state = self._readable_state
        if state.flowing is not False:
            state.flowing = False
            self.emit("pause")
        state.paused = True
        return self

    @cython.locals(state=ReadableState)
    def resume(self) -> Readable:
        state = self._readable_state
        if not state.flowing:
            # Flow only if nobody listens for 'readable'.
            state.flowing = not state.readable_listening
            if not state.resume_scheduled:
                state.resume_scheduled = True
                next_tick(_resume_nt, self, state)
        state.paused = False
        return self

    def is_paused(self) -> bool:
        state = self._readable_state
        return state.paused is True or state.flowing is False

    # -- listeners: 'data' starts flowing, 'readable' switches to paused mode ----
    def on(self, event: str, listener: Listener) -> Readable:
        self._add(event, listener, False)  # what EventEmitter.on does, one call less
        if event == "data" or event == "readable":
            self._listener_added(event)
        return self

    add_listener = on

    def once(self, event: str, listener: Listener) -> Readable:
        EventEmitter.once(self, event, listener)
        if event == "data" or event == "readable":
            self._listener_added(event)
        return self

    @cython.locals(state=ReadableState)
    def _listener_added(self, event: str) -> None:
        state = self._readable_state
        if event == "data":
            state.data_listening = True
            if self.listener_count("readable") > 0:
                state.readable_listening = True
            if state.flowing is not False:
                self.resume()
        elif not state.end_emitted and not state.readable_listening:
            state.readable_listening = True
            state.need_readable = True
            state.flowing = False
            state.emitted_readable = False
            if state.length:
                _emit_readable(self)
            elif not state.reading:
                next_tick(self.read, 0)

    def remove_listener(self, event: str, listener: Listener) -> Readable:
        EventEmitter.remove_listener(self, event, listener)
        if event == "readable":
            # After the current 'readable' round (supports once('readable') cycles).
            next_tick(_update_readable_listening, self)
        elif event == "data" and self.listener_count("data") == 0:
            self._readable_state.data_listening = False
        return self

    off = remove_listener

    def remove_all_listeners(self, event: str | None = None) -> Readable:
        EventEmitter.remove_all_listeners(self, event)
        if event == "readable" or event is None:
            next_tick(_update_readable_listening, self)
        return self

    # -- pipe -----------------------------------------------------------------
    def pipe(self, dest: Any, end: Any = True) -> Any:
        """Write everything to ``dest``, pausing while ``dest.write()`` reports ``False``.

        ``end=False`` (or ``{'end': False}``) leaves ``dest`` open at the end.
        Returns ``dest``.
        """
        if isinstance(end, dict):
            end = end.get("end", True) is not False
        _setup_pipe(self, dest, bool(end))
        return dest

    def unpipe(self, dest: Any = None) -> Readable:
        state = self._readable_state
        if not state.pipes:
            return self
        if dest is None:
            dests = state.pipes
            state.pipes = []
            cleanups = state.pipe_cleanups or []
            state.pipe_cleanups = None
            self.pause()
            for d in dests:
                _run_pipe_cleanup(cleanups, d)
                d.emit("unpipe", self)
            return self
        try:
            index = state.pipes.index(dest)
        except ValueError:
            return self
        del state.pipes[index]
        if not state.pipes:
            self.pause()
        if state.pipe_cleanups:
            _run_pipe_cleanup(state.pipe_cleanups, dest)
        dest.emit("unpipe", self)
        return self

    # -- async iteration -------------------------------------------------------
    def __aiter__(self) -> AsyncIterator[Any]:
        # Node's streamToAsyncIterator: ``Readable.__aiter__(legacy_stream)``
        # iterates an old-style stream (no read()) through Readable.wrap.
        if not isinstance(self, Readable) and not callable(getattr(self, "read", None)):
            return ReadableIterator(Readable.wrap(self, {"object_mode": True}))
        return ReadableIterator(self)

    def iterator(self, options: dict[str, Any] | None = None, *,
                 destroy_on_return: bool = True) -> ReadableIterator:
        """``async for`` with options: ``destroy_on_return=False`` (or Node's
        ``{'destroy_on_return': False}``) keeps the stream on break."""
        if options is not None:
            if not isinstance(options, dict):
                raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options" argument must be of '
                                    f"type object. Received type {_js_type(options)} "
                                    f"({options!r})")
            destroy_on_return = options.get("destroy_on_return", destroy_on_return)
        return ReadableIterator(self, destroy_on_return is not False)

    def _wrap(self, stream: Any) -> Readable:
        """Node's ``readable.wrap(stream)``: read an old-style stream (one that
        only emits ``'data'``/``'end'``) through this Readable."""
        state = {"paused": False}

        def on_data(chunk: Any, *_args: Any) -> None:
            if not self.push(chunk) and callable(getattr(stream, "pause", None)):
                state["paused"] = True
                stream.pause()

        def read(_size: int) -> None:
            if state["paused"] and callable(getattr(stream, "resume", None)):
                state["paused"] = False
                stream.resume()

        stream.on("data", on_data)
        stream.on("end", lambda *_a: self.push(None))
        stream.on("error", lambda err, *_a: error_or_destroy(self, err))
        stream.on("close", lambda *_a: self.destroy())
        stream.on("destroy", lambda *_a: self.destroy())
        self._read = read  # type: ignore[method-assign]
        return self

    wrap = _WrapDescriptor()

    @classmethod
    def from_(cls, iterable: Any, options: dict[str, Any] | None = None,
              **kwargs: Any) -> Readable:
        """Node's ``Readable.from(iterable)``: a (sync or async) iterable as a stream."""
        from ._from import readable_from

        return readable_from(cls, iterable, merge_options(options, kwargs))

    # -- properties -------------------------------------------------------------
    @property
    def readable(self) -> bool:
        r = self._readable_state
        return (r is not None and r.readable is not False and not r.destroyed
                and not r.error_emitted and not r.end_emitted)

    @readable.setter
    def readable(self, value: bool) -> None:
        if self._readable_state is not None:
            self._readable_state.readable = bool(value)

    @property
    def readable_ended(self) -> bool:
        return self._readable_state.end_emitted

    @property
    def readable_flowing(self) -> bool | None:
        return self._readable_state.flowing

    @readable_flowing.setter
    def readable_flowing(self, value: bool | None) -> None:
        self._readable_state.flowing = value

    @property
    def readable_length(self) -> int:
        return self._readable_state.length

    @property
    def readable_high_water_mark(self) -> int:
        return self._readable_state.high_water_mark

    @property
    def readable_encoding(self) -> str | None:
        return self._readable_state.encoding

    @property
    def readable_object_mode(self) -> bool:
        return self._readable_state.object_mode

    @property
    def readable_buffer(self) -> collections.deque[Any]:
        return self._readable_state.buffer

    @property
    def readable_did_read(self) -> bool:
        return self._readable_state.data_emitted

    @property
    def readable_aborted(self) -> bool:
        r = self._readable_state
        return (r.readable is not False and (r.destroyed or r.errored is not None)
                and not r.end_emitted)

    @property
    def destroyed(self) -> bool:
        state = self._readable_state
        return state is not None and state.destroyed  # False before __init__, as in Node

    @destroyed.setter
    def destroyed(self, value: bool) -> None:
        if self._readable_state is not None:  # not before __init__ (as Node's setter)
            self._readable_state.destroyed = bool(value)

    @property
    def closed(self) -> bool:
        return self._readable_state.closed

    @property
    def errored(self) -> BaseException | None:
        return self._readable_state.errored


# -- adding chunks ----------------------------------------------------------------
def _can_push_more(state: ReadableState) -> bool:
    return not state.ended and (state.length < state.high_water_mark or state.length == 0)


def _push_object(stream: Readable, state: ReadableState, chunk: Any, encoding: Any) -> bool:
    if state.ended:
        error_or_destroy(stream, err_push_after_eof())
        return False
    if state.destroyed or state.errored is not None:
        return False
    state.reading = False
    if state.decoder is not None and not encoding:
        chunk = state.decoder.write(chunk)
    _add_chunk(stream, state, chunk, False)
    return _can_push_more(state)


def _add_chunk(stream: Readable, state: ReadableState, chunk: Any, to_front: bool) -> None:
    if state.flowing and state.length == 0 and state.data_listening and not state.sync:
        if state.multi_await_drain:
            state.await_drain_writers.clear()
        else:
            state.await_drain_writers = None
        state.data_emitted = True
        stream.emit("data", chunk)
    else:
        state.length += 1 if state.object_mode else len(chunk)
        if to_front:
            _own_buffer(state).appendleft(chunk)
        else:
            _own_buffer(state).append(chunk)
        if state.need_readable:
            _emit_readable(stream)
    _maybe_read_more(stream, state)


def _on_eof_chunk(stream: Readable, state: ReadableState) -> None:
    if state.ended:
        return
    decoder = state.decoder
    if decoder is not None:
        rest = decoder.end()
        if rest:
            _own_buffer(state).append(rest)
            state.length += 1 if state.object_mode else len(rest)
    state.ended = True
    if state.sync:
        # Inside a synchronous _read: emit on the next tick to avoid re-entering flow().
        _emit_readable(stream)
    else:
        # Emit 'readable' now so it is picked up (Node: some modules rely on it being sync).
        state.need_readable = False
        state.emitted_readable = True
        _emit_readable_nt(stream)


def _emit_readable(stream: Readable) -> None:
    state = stream._readable_state
    state.need_readable = False
    if not state.emitted_readable:
        state.emitted_readable = True
        next_tick(_emit_readable_nt, stream)


def _emit_readable_nt(stream: Readable) -> None:
    state = stream._readable_state
    if not state.destroyed and state.errored is None and (state.length or state.ended):
        stream.emit("readable")
        state.emitted_readable = False
    # Another 'readable' is needed unless flowing (flow() takes care), ended, or full.
    if not state.flowing and not state.ended and state.length <= state.high_water_mark:
        state.need_readable = True
    if state.flowing:
        _flow(stream)


def _maybe_read_more(stream: Readable, state: ReadableState) -> None:
    if not state.reading_more:
        state.reading_more = True
        next_tick(_maybe_read_more_nt, stream, state)


def _maybe_read_more_nt(stream: Readable, state: ReadableState) -> None:
    # Fill the buffer up to the high-water mark (or keep a flowing stream going)
    # while _read answers synchronously; stop when it does not.
    while not state.reading and not state.ended and (
            state.length < state.high_water_mark or (state.flowing and state.length == 0)):
        length = state.length
        stream.read(0)
        if length == state.length:
            break
    state.reading_more = False


def _resume_nt(stream: Readable, state: ReadableState) -> None:
    if not state.reading:
        stream.read(0)
    state.resume_scheduled = False
    stream.emit("resume")
    if state.flowing:
        _flow(stream)
    if state.flowing and not state.reading:
        stream.read(0)


def _flow(stream: Readable) -> None:
    state = stream._readable_state
    read = stream.read
    while state.flowing and read() is not None:
        pass


def _update_readable_listening(stream: Readable) -> None:
    state = stream._readable_state
    state.readable_listening = stream.listener_count("readable") > 0
    if state.resume_scheduled and state.paused is False:
        # resume() was called: flowing must be set now or the upcoming resume won't flow.
        state.flowing = True
    elif state.data_listening:
        stream.resume()
    elif not state.readable_listening:
        state.flowing = None


# -- reading from the buffer ----------------------------------------------------------
def _compute_new_hwm(n: int) -> int:
    if n > _MAX_HWM:
        raise out_of_range("size", "<= 1GiB", n)
    # The next power of two, so the mark does not grow in tiny steps.
    return 1 << (n - 1).bit_length() if n > 0 else n


def _how_much_to_read(n: int | None, state: ReadableState) -> int:
    if n is not None and n <= 0:
        return 0
    if state.length == 0 and state.ended:
        return 0
    if state.object_mode:
        return 1
    if n is None:
        # Flowing: one buffered chunk at a time.
        if state.flowing and state.length:
            return len(state.buffer[0])
        return state.length
    if n <= state.length:
        return n
    return state.length if state.ended else 0


def _from_list(n: int, state: ReadableState) -> Any:
    buf = state.buffer
    if not buf:
        return None
    if state.object_mode:
        return buf.popleft()
    text = state.decoder is not None
    if n >= state.length:
        if len(buf) == 1:
            return buf.popleft()
        ret = "".join(buf) if text else b"".join(buf)
        buf.clear()
        return ret
    first = buf[0]
    size = len(first)
    if n < size:
        buf[0] = first[n:]
        return first[:n]
    if n == size:
        return buf.popleft()
    parts = []
    while n > 0:
        first = buf[0]
        size = len(first)
        if n >= size:
            parts.append(buf.popleft())
            n -= size
        else:
            parts.append(first[:n])
            buf[0] = first[n:]
            n = 0
    return "".join(parts) if text else b"".join(parts)


def _end_readable(stream: Readable) -> None:
    state = stream._readable_state
    if not state.end_emitted:
        state.ended = True
        if not state.end_scheduled:
            state.end_scheduled = True
            next_tick(_end_readable_nt, state, stream)


def _end_readable_nt(state: ReadableState, stream: Readable) -> None:
    state.end_scheduled = False
    # Check that no last unshift() came in.
    if state.errored is not None or state.close_emitted or state.end_emitted or state.length:
        return
    state.end_emitted = True
    stream.emit("end")
    w = stream._writable_state
    if w is not None and stream.writable and getattr(stream, "allow_half_open", True) is False:
        next_tick(_end_writable_nt, stream)
    elif state.auto_destroy:
        # A Duplex waits for its writable side too.
        if w is None or (w.auto_destroy and (w.finished or w.writable is False)):
            stream.destroy()


def _end_writable_nt(stream: Any) -> None:
    if stream.writable and not stream.writable_ended and not stream.destroyed:
        stream.end()


# -- pipe ---------------------------------------------------------------------------
def _run_pipe_cleanup(cleanups: list[tuple[Any, Callable[[], None]]], dest: Any) -> None:
    for i, (d, cleanup) in enumerate(cleanups):
        if d is dest:
            del cleanups[i]
            cleanup()
            return


def _prepend_listener(emitter: Any, event: str, fn: Listener) -> None:
    prepend = getattr(emitter, "prepend_listener", None)
    if prepend is not None:
        prepend(event, fn)
    else:
        emitter.on(event, fn)


def _setup_pipe(src: Readable, dest: Any, do_end: bool) -> None:
    """Node's ``Readable.prototype.pipe``: the listeners of one pipe, as closures."""
    state = src._readable_state
    if len(state.pipes) == 1 and not state.multi_await_drain:
        state.multi_await_drain = True
        prev = state.await_drain_writers
        state.await_drain_writers = {prev} if prev is not None else set()
    state.pipes.append(dest)

    cleaned_up = False
    ondrain: Listener | None = None

    def onend(*_args: Any) -> None:
        dest.end()

    def unpipe(*_args: Any) -> None:
        src.unpipe(dest)

    def cleanup(*_args: Any) -> None:
        nonlocal cleaned_up
        dest.remove_listener("close", onclose)
        dest.remove_listener("finish", onfinish)
        if ondrain is not None:
            dest.remove_listener("drain", ondrain)
        dest.remove_listener("error", onerror)
        src.remove_listener("end", onend)
        src.remove_listener("end", unpipe)
        src.remove_listener("data", ondata)
        cleaned_up = True
        # If the source waits for a 'drain' from this writer it would never flow
        # again: pretend it came.
        w = getattr(dest, "_writable_state", None)
        if ondrain is not None and state.await_drain_writers is not None and (
                w is None or w.need_drain):
            ondrain()

    def pause() -> None:
        nonlocal ondrain
        # The user may have unpiped during dest.write(): do not stay paused then.
        if not cleaned_up:
            if len(state.pipes) == 1 and state.pipes[0] is dest:
                state.await_drain_writers = dest
                state.multi_await_drain = False
            elif len(state.pipes) > 1 and dest in state.pipes:
                state.await_drain_writers.add(dest)
            src.pause()
        if ondrain is None:
            # Added once and kept: adding/removing per pause is too slow.
            ondrain = _pipe_on_drain(src, dest)
            dest.on("drain", ondrain)

    def ondata(chunk: Any, *_args: Any) -> None:
        if dest.write(chunk) is False:
            pause()

    def onerror(err: BaseException, *_args: Any) -> None:
        unpipe()
        dest.remove_listener("error", onerror)
        if dest.listener_count("error") == 0:
            s = getattr(dest, "_writable_state", None) or getattr(dest, "_readable_state", None)
            if s is not None and not s.error_emitted:
                # Someone emitted 'error' by hand on the stream.
                error_or_destroy(dest, err)
            else:
                dest.emit("error", err)

    def onclose(*_args: Any) -> None:
        dest.remove_listener("finish", onfinish)
        unpipe()

    def onfinish(*_args: Any) -> None:
        dest.remove_listener("close", onclose)
        unpipe()

    endfn = onend if do_end else unpipe
    if state.end_emitted:
        next_tick(endfn)
    else:
        src.once("end", endfn)
    if state.pipe_cleanups is None:
        state.pipe_cleanups = []
    state.pipe_cleanups.append((dest, cleanup))

    src.on("data", ondata)
    # Our error handler goes before any of the user's.
    _prepend_listener(dest, "error", onerror)
    dest.once("close", onclose)
    dest.once("finish", onfinish)
    dest.emit("pipe", src)

    if getattr(dest, "writable_need_drain", False) is True:
        pause()
    elif not state.flowing:
        src.resume()


def _pipe_on_drain(src: Readable, dest: Any) -> Listener:
    def pipe_on_drain(*_args: Any) -> None:
        state = src._readable_state
        if state.await_drain_writers is dest:
            state.await_drain_writers = None
        elif state.multi_await_drain:
            state.await_drain_writers.discard(dest)
        waiting = state.await_drain_writers
        if (waiting is None or (type(waiting) is set and not waiting)) and state.data_listening:
            src.resume()

    return pipe_on_drain


# -- async iteration ---------------------------------------------------------------------
_UNSET: Any = object()


def _noop(*_args: Any) -> None:
    pass


class _IterSignals:
    """What the stream's listeners tell a ReadableIterator.

    Kept apart from the iterator so the stream does not keep the iterator
    alive: dropping the iterator (``break``) must be able to finalize it.
    """

    __slots__ = ("error", "waiter")

    def __init__(self) -> None:
        self.error: Any = _UNSET
        self.waiter: asyncio.Future[None] | None = None

    def wake(self, *_args: Any) -> None:
        waiter = self.waiter
        if waiter is not None:
            self.waiter = None
            if not waiter.done():
                waiter.set_result(None)

    def on_finished(self, err: BaseException | None = None) -> None:
        if err is not None:
            if self.error is _UNSET or self.error is None:
                self.error = err
        elif self.error is _UNSET:
            self.error = None
        self.wake()


class ReadableIterator:
    """``async for chunk in readable`` (Node's ``createAsyncIterator``).

    Reads in paused mode through ``'readable'``; raises the stream's error;
    leaving the loop early (``break``, an exception, ``aclose()``) destroys the
    stream unless ``destroy_on_return=False``. Python has no hook for ``break``:
    the iterator acts when it is dropped, which CPython does right at the ``break``.
    """

    __slots__ = ("stream", "destroy_on_return", "signals", "started", "done", "cleanup",
                 "on_readable", "busy", "queue")

    def __init__(self, stream: Readable, destroy_on_return: bool = True) -> None:
        self.stream = stream
        self.destroy_on_return = destroy_on_return
        self.signals = _IterSignals()
        # Like Node's async generator, nothing happens before the first __anext__.
        self.started = False
        self.done = False
        self.cleanup: Callable[[], None] = _noop
        self.on_readable: Listener = _noop
        # Node's async generator queues next() calls made before the pending
        # one settled: ``busy`` while one runs, the others wait in ``queue``.
        self.busy = False
        self.queue: collections.deque[asyncio.Future[None]] | None = None

    def _start(self) -> None:
        from .pipeline import finished

        self.started = True
        signals = self.signals
        self.on_readable = signals.wake
        self.stream.on("readable", self.on_readable)
        self.cleanup = finished(self.stream, {"writable": False}, signals.on_finished)

    def __aiter__(self) -> ReadableIterator:
        return self

    async def __anext__(self) -> Any:
        if self.busy:
            await self._wait_turn()
            read_first = True
        elif self.started and not self.done:
            # The common case: a buffered chunk and no queued call, in this
            # one coroutine (one per chunk of an ``async for`` over a body).
            stream = self.stream
            chunk = None if stream.destroyed else stream.read()
            if chunk is not None:
                return chunk
            self.busy = True
            read_first = False
        else:
            self.busy = True
            read_first = True
        try:
            return await self._next(read_first)
        finally:
            self._pass_turn()

    async def _wait_turn(self) -> None:
        waiter = asyncio.get_running_loop().create_future()
        if self.queue is None:
            self.queue = collections.deque()
        self.queue.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._pass_turn()  # the turn came with the cancellation: hand it on
            raise

    def _pass_turn(self) -> None:
        queue = self.queue
        while queue:
            waiter = queue.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.busy = False

    async def _next(self, read_first: bool) -> Any:
        if not self.started and not self.done:
            self._start()
        stream = self.stream
        signals = self.signals
        while not self.done:
            if read_first:
                chunk = None if stream.destroyed else stream.read()
                if chunk is not None:
                    return chunk
            read_first = True
            err = signals.error
            if err is not _UNSET:
                self._finish(err)
                if err is not None:
                    raise err
                break
            waiter = signals.waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            except BaseException:
                signals.waiter = None
                self._finish(_UNSET)
                raise
        raise StopAsyncIteration

    def _finish(self, err: Any) -> None:
        """Node's ``finally``: ``err`` is None (ended), an error, or _UNSET (left early)."""
        if self.done:
            return
        self.done = True
        if not self.started:
            return
        stream = self.stream
        failed = err is not _UNSET and err is not None
        if (failed or self.destroy_on_return) and (
                err is _UNSET or stream._readable_state.auto_destroy):
            destroyer(stream, None)
        else:
            stream.remove_listener("readable", self.on_readable)
            self.cleanup()

    async def aclose(self) -> None:
        """Stop iterating early (what ``break`` does), e.g. via ``contextlib.aclosing``."""
        self._finish(_UNSET)

    def __del__(self) -> None:
        if self.done or not self.started:
            return
        try:
            if asyncio._get_running_loop() is not None:
                self._finish(_UNSET)
        except Exception:  # noqa: BLE001 - nothing sensible to do in a finalizer
            pass
