"""``OutgoingMessage``: what ``ServerResponse`` and ``ClientRequest`` share.

Owns the header store (``lower-cased name -> (name as given, value)``),
rendering the header block once, applying the framing (Content-Length,
chunked, close-delimited, none), chunk framing of each write, trailers, and
buffering output until a socket is assigned. The first body chunk travels
in the same ``write`` as the header block. It writes through one declared
I/O object, ``_io``: the socket, or the :class:`~nodekit.net.StreamAdapter` of
another Writable (``_write_raw``, ``_http_message``; see :mod:`nodekit.net`),
set by whoever assigns the socket. The rules themselves
(field lines, the framing table, the ``Connection`` lines) are
:mod:`._common`'s pure functions, called here; this module keeps no copy.

Its type is Node's: a legacy :class:`~nodekit.stream.Stream`, not a
``Writable`` (Node's ``OutgoingMessage`` extends ``Stream``). It has the
Writable-like members Node's has (``writable``, ``writable_ended``,
``writable_finished``, ``writable_length``, ``writable_high_water_mark``,
``writable_need_drain``, ``writable_corked``, ``writable_object_mode``,
``cork``/``uncork``, ``destroy``/``destroyed``, ``closed``, ``errored``, and a
``pipe`` that only errors), each on its own lean state: one response per
request makes every attribute count. What Node's lacks (``writable_aborted``,
``writable_buffer``, ``set_default_encoding``) it lacks too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import GetSetDescriptorType
from typing import Any

from .. import net, runtime
from .._buffer import to_bytes
from .._cores import (
    Overrides,
    apply_overrides,
    c_fields,
    install_class_defaults,
    take_field_defaults,
)
from ..errors import NodeError, NodeTypeError
from ..events import EventEmitter, _EmitterCore
from ..net import _SocketCore
from ..stream import Stream
from ..stream._util import err_cannot_pipe, err_not_implemented
from ._common import (
    CRLF,
    LAST_CHUNK,
    ROLE_CONNECTION,
    ROLE_CONTENT_LENGTH,
    ROLE_DATE,
    ROLE_EXPECT,
    ROLE_KEEP_ALIVE,
    ROLE_TRAILER,
    ROLE_TRANSFER_ENCODING,
    choose_framing,
    chunk_header,
    connection_lines,
    frame_chunk,
    has_connection_token,
    name_type_error,
    render_field,
    render_trailers,
    utc_date,
    validate_header_name,
    validate_header_value,
)

try:
    # Compiled: Cython's own; @cython.locals types a method's locals (a dict:
    # its get() is a C call instead of a method look-up), @cython.cfunc makes a
    # module helper a C function called directly from this module.
    import cython
except ImportError:  # pure Python where Cython is not installed: no effect
    from .._cython_shim import cython  # type: ignore[no-redef]

__all__ = ["OutgoingMessage", "header_pairs", "headers_sent_error"]

HIGH_WATER_MARK = 16384
# Below this a chunk is framed by concatenation (one write); above, the copy
# costs more than separate writes of header, data and CRLF.
_CONCAT_LIMIT = 16384
# A small chunk's size line (``chunk_header(n)``) for n below the limit: made
# once at import, read-only; and what ends a body's one chunk without trailers.
_SIZE_LINES_MAX = 1024
_SIZE_LINES = tuple(chunk_header(n) for n in range(_SIZE_LINES_MAX))
_CRLF_LAST_CHUNK = CRLF + LAST_CHUNK
# net.Socket, read once (not an attribute of the net module per message).
_Socket = net.Socket


def headers_sent_error(action: str) -> NodeError:
    return NodeError("ERR_HTTP_HEADERS_SENT",
                     f"Cannot {action} headers after they are sent to the client")


def _body_not_allowed_error() -> NodeError:
    return NodeError("ERR_HTTP_BODY_NOT_ALLOWED",
                     "Adding content for this request method or response status is not allowed.")


def _length_mismatch_error(actual: int, expected: int) -> NodeError:
    return NodeError("ERR_HTTP_CONTENT_LENGTH_MISMATCH",
                     f"Response body's content-length of {actual} byte(s) does not match "
                     f"the content-length of {expected} byte(s) set in header")


# The per-message state and its defaults: one message per request makes every
# assignment count, so an instance stores only what differs (pure Python: the
# defaults are class attributes; compiled: C fields, see _OutgoingCore).
_DEFAULTS: dict[str, Any] = {
    # attribute assignment in __init__ count. Instances override as they go.
    "socket": None,
    "_io": None,  # the socket's I/O object (net.consumable(socket)); see _io_of
    "_headers": None,
    "_header": None,  # the rendered block, once decided
    "_header_sent": False,
    "finished": False,  # end() was called
    "writable": True,  # Node v20's is a plain property: end() and destroy() leave it True
    "_finished_emitted": False,
    "chunked_encoding": False,
    "use_chunked_encoding_by_default": True,
    "send_date": False,
    "should_keep_alive": True,
    "_has_body": True,
    "_content_length": None,
    "_removed_connection": False,
    "_removed_content_length": False,
    "_removed_te": False,
    "_trailer": b"",
    "_tail_sent": False,  # the last chunk went out with the final data
    "_head_has_expect": False,
    "_is_request": False,  # ClientRequest: framing never closes the connection
    "_rt": None,  # a ClientRequest's Runtime (see _runtime)
    "_last": False,
    "_keep_alive_timeout": 0,
    "_max_requests_per_socket": 0,
    "max_requests_on_connection_reached": False,
    "_output": (),  # bytes waiting for a socket
    "_output_size": 0,
    "_write_cbs": (),
    "_need_drain": False,  # the transport pushed back: its drain emits 'drain'
    "_tick_bytes": 0,  # body bytes written to the socket in this tick (see _count_tick)
    "_tick_drain": False,  # ... past the high-water mark: 'drain' once the tick ends
    "_corked": 0,
    "_destroyed": False,
    "_errored": None,
    "_closed": False,
    # Node's strictContentLength: with a Content-Length header, writing more
    # (or ending with fewer) bytes raises ERR_HTTP_CONTENT_LENGTH_MISMATCH.
    "strict_content_length": False,
    "_declared_length": None,  # Content-Length framing the body, once rendered
    "_bytes_written": 0,  # body bytes counted while strict_content_length is on
    # Node's rejectNonStandardBodyWrites: a body for HEAD/204/304 raises
    # ERR_HTTP_BODY_NOT_ALLOWED instead of being dropped.
    "_reject_body_writes": False,
    "_unique_headers": None,  # Node's uniqueHeaders option, lower-cased
    "_high_water_mark": HIGH_WATER_MARK,  # buffered output before write() says False
}

class _OutgoingCore(_EmitterCore):
    """``OutgoingMessage``'s state and methods (the class is below).

    Compiled, ``_outgoing.pxd`` makes this an extension type whose state, the
    names of ``_DEFAULTS``, is C fields: the methods here read and set them
    directly instead of through attribute lookups. In pure Python the same
    defaults are class attributes, set after the class.
    """

    # The C fields a Python subclass's class attributes must not shadow (see
    # _take_field_defaults); a core over this one declares its own.
    _field_names = frozenset(_DEFAULTS)

    def __cinit__(self) -> None:
        # Compiled only (an extension type's allocator): the defaults that are
        # not None (C fields start as None), then what a Python subclass gives
        # as class attributes (taken off the class by OutgoingMessage.__init_subclass__).
        self._header_sent = False
        self.finished = False
        self.writable = True
        self._finished_emitted = False
        self.chunked_encoding = False
        self.use_chunked_encoding_by_default = True
        self.send_date = False
        self.should_keep_alive = True
        self._has_body = True
        self._removed_connection = False
        self._removed_content_length = False
        self._removed_te = False
        self._trailer = b""
        self._tail_sent = False
        self._head_has_expect = False
        self._is_request = False
        self._last = False
        self._keep_alive_timeout = 0
        self._max_requests_per_socket = 0
        self.max_requests_on_connection_reached = False
        self._output = ()
        self._output_size = 0
        self._write_cbs = ()
        self._need_drain = False
        self._tick_bytes = 0
        self._tick_drain = False
        self._corked = 0
        self._destroyed = False
        self._closed = False
        self.strict_content_length = False
        self._bytes_written = 0
        self._reject_body_writes = False
        self._high_water_mark = HIGH_WATER_MARK
        if _OVERRIDES:  # (empty unless a subclass gave a field a class attribute)
            apply_overrides(self, _OVERRIDES, _DEFAULTS)

    def pipe(self, dest: Any, end: Any = True) -> Any:
        """Node's: an OutgoingMessage cannot be piped from (ERR_STREAM_CANNOT_PIPE)."""
        self.emit("error", err_cannot_pipe())
        return dest

    # -- header store -------------------------------------------------------
    def set_header(self, name: str, value: Any) -> OutgoingMessage:
        if self._header is not None:
            raise headers_sent_error("set")
        validate_header_name(name)
        validate_header_value(name, value)
        if self._headers is None:
            self._headers = {}
        self._headers[name.lower()] = (name, value)
        return self

    def append_header(self, name: str, value: Any) -> OutgoingMessage:
        if self._header is not None:
            raise headers_sent_error("append")
        validate_header_name(name)
        validate_header_value(name, value)
        if self._headers is None:
            self._headers = {}
        key = name.lower()
        if key in self._headers:
            old = self._headers[key][1]
            old_list = old if isinstance(old, list) else [old]
            new_list = value if isinstance(value, list) else [value]
            self._headers[key] = (self._headers[key][0], [*old_list, *new_list])
        else:
            self._headers[key] = (name, value)
        return self

    def set_headers(self, headers: Mapping[str, Any]) -> OutgoingMessage:
        """Node's ``setHeaders(headers)``: every entry of a mapping (Node's
        Headers or Map; a list, str or None is ``ERR_INVALID_ARG_TYPE``).
        ``set-cookie`` values are gathered into one list, never overwritten."""
        if self._header is not None:
            raise headers_sent_error("set")
        if not (callable(getattr(headers, "keys", None))
                and callable(getattr(headers, "get", None))):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                'The "headers" argument must be an instance of Headers or Map.'
                                f" Received {headers!r}")
        cookies: list[Any] = []
        for name in list(headers.keys()):
            value = headers.get(name)
            if type(name) is str and name.lower() == "set-cookie":
                cookies.extend(value if isinstance(value, (list, tuple)) else [value])
            else:
                self.set_header(name, value)
        if cookies:
            self.set_header("set-cookie", cookies)
        return self

    # Node's getHeader/hasHeader/removeHeader check the name's type first
    # (ERR_INVALID_ARG_TYPE); setHeader/appendHeader check it is a token
    # (ERR_INVALID_HTTP_TOKEN, also for a non-str name).
    def get_header(self, name: str) -> Any:
        if type(name) is not str:
            raise name_type_error(name)
        entry = self._headers.get(name.lower()) if self._headers else None
        return entry[1] if entry is not None else None

    def get_headers(self) -> dict[str, Any]:
        return {k: v for k, (_, v) in (self._headers or {}).items()}

    def get_header_names(self) -> list[str]:
        return list(self._headers or ())

    def get_raw_header_names(self) -> list[str]:
        return [n for n, _ in (self._headers or {}).values()]

    def has_header(self, name: str) -> bool:
        if type(name) is not str:
            raise name_type_error(name)
        return bool(self._headers) and name.lower() in self._headers  # type: ignore[operator]

    def remove_header(self, name: str) -> None:
        if type(name) is not str:
            raise name_type_error(name)
        if self._header is not None:
            raise headers_sent_error("remove")
        key = name.lower()
        if key == "connection":
            self._removed_connection = True
        elif key == "content-length":
            self._removed_content_length = True
        elif key == "transfer-encoding":
            self._removed_te = True
        elif key == "date":
            self.send_date = False
        if self._headers:
            self._headers.pop(key, None)

    @property
    def headers_sent(self) -> bool:
        # Node: `!!this._header` -- true once the head is rendered (write_head),
        # not only once it reached the socket.
        return self._header is not None

    # -- rendering ----------------------------------------------------------
    @cython.locals(cache=dict)
    def _store_header(self, first_line: str, headers: Any) -> None:
        """Render the header block: user headers, Date, Connection, framing.

        Node's ``_storeHeader``, with the rules in :mod:`._common`
        (``render_field``, ``choose_framing``, ``connection_lines``);
        ``headers`` is our store's values (``(name, value)`` pairs), a dict,
        or a flat/pair list from writeHead.
        """
        key = None
        if not self._is_request and self._unique_headers is None:
            # A response head is a function of its inputs but for the Date: the
            # same handler's next response takes it rendered (Runtime.head_cache,
            # the one head cache: ClientRequest's keys start with its class too).
            items = _plain_items(headers)
            if items is not None:
                key = (type(self), first_line, items, self.send_date, self._content_length,
                       self._has_body, self.use_chunked_encoding_by_default,
                       self.should_keep_alive, self._last, self._removed_connection,
                       self._removed_content_length, self._removed_te,
                       self.max_requests_on_connection_reached, self._keep_alive_timeout,
                       self._max_requests_per_socket)
                sock = self.socket
                rt = sock._rt if type(sock) is _Socket else runtime.current()
                cache = rt.head_cache
                entry = cache.get(key)
                if entry is not None:
                    # An earlier identical rendering: its head with the Date made
                    # current (utc_date returns the same str within a second).
                    before, after, date, header, decided = entry
                    if date is not None:
                        now = utc_date(rt.date_cache)
                        if now is not date and now != date:
                            entry[2] = now
                            header = entry[3] = (
                                before + f"Date: {now}\r\n".encode("latin-1") + after)
                    self._header = header
                    (self.chunked_encoding, self._declared_length, self.should_keep_alive,
                     self._last, self._head_has_expect) = decided
                    return
        date_at = self._render_header(first_line, headers)
        if key is not None:
            remember_head(cache, key, self._header_entry(date_at))

    def _runtime(self) -> runtime.Runtime:
        """The Runtime whose memo tables this message uses: its socket's, else a
        request's own (ClientRequest._rt), else the current one."""
        sock = self.socket
        if type(sock) is _Socket:
            return sock._rt
        return self._rt or runtime.current()

    def _header_entry(self, date_at: int) -> list[Any]:
        """A head cache entry for the head just rendered: split around its Date.
        ``[before, after, date, header, decided]``: the head with its Date cut
        out (``date`` None: it has none), and what rendering decided."""
        header = self._header
        date = None
        before = after = b""
        if date_at >= 0:
            end = header.index(b"\r\n", date_at)
            date = header[date_at + 6:end].decode("latin-1")  # (after b"Date: ")
            before = header[:date_at]
            after = header[end + 2:]
        return [before, after, date, header, (
            self.chunked_encoding, self._declared_length, self.should_keep_alive, self._last,
            self._head_has_expect)]

    def _render_header(self, first_line: str, headers: Any) -> int:
        """Render the head (``_store_header``'s work); the offset of the Date line
        NodeKit added, else -1."""
        parts = [first_line]
        connection = content_length = te = None
        date = expect = trailer = keep_alive = False
        unique = self._unique_headers
        rt = self._runtime()
        fields = rt.field_cache
        for name, value in header_pairs(headers):
            lines, role = render_field(name, value, unique, fields)
            if role:
                if role == ROLE_CONNECTION:
                    connection = value if connection is None else [connection, value]
                elif role == ROLE_CONTENT_LENGTH:
                    content_length = value
                elif role == ROLE_TRANSFER_ENCODING:
                    te = value if te is None else [te, value]
                elif role == ROLE_DATE:
                    date = True
                elif role == ROLE_EXPECT:
                    expect = True
                elif role == ROLE_TRAILER:
                    trailer = True
                elif role == ROLE_KEEP_ALIVE:
                    keep_alive = True
            parts.append(lines)
        date_at = -1
        if self.send_date and not date:
            date_at = sum(map(len, parts))  # (latin-1: one byte per character)
            parts.append(f"Date: {utc_date(rt.date_cache)}\r\n")
        framing = choose_framing(
            content_length, te, self._content_length, self._has_body,
            self.use_chunked_encoding_by_default, trailer, self._removed_content_length,
            self._removed_te, getattr(self, "status_code", None), self._is_request)
        self.chunked_encoding = framing.kind == "chunked"
        if framing.kind == "content-length" and te is None:
            self._declared_length = framing.length  # what strict_content_length holds us to
        if framing.close:
            # The body ends with the connection (or Node's 204/304 rule): say so.
            self.should_keep_alive = False
        self._add_connection_header(parts, connection, content_length is not None, keep_alive)
        if framing.close:
            self._last = True  # whatever the user's Connection field says
        parts.append(framing.header)
        parts.append("\r\n")
        self._header = "".join(parts).encode("latin-1")
        self._head_has_expect = expect  # the client sends such a head at once
        return date_at

    def _add_connection_header(self, parts: list[str], connection: Any,
                               content_length: bool, keep_alive: bool) -> None:
        if self._removed_connection:
            self._last = not self.should_keep_alive
            return
        if connection is not None:
            # Node: the user's Connection field decides (RE_CONN_CLOSE).
            if has_connection_token(connection, "close"):
                self._last = True
            else:
                self.should_keep_alive = True
            return
        send_keep_alive = self.should_keep_alive and (
            content_length or self.use_chunked_encoding_by_default or self._is_client_with_agent())
        if send_keep_alive and self.max_requests_on_connection_reached:
            # Node (server.maxRequestsPerSocket docs): "it will set the Connection
            # header value to close, but will not actually close the connection,
            # subsequent requests sent after the limit is reached will get 503".
            parts.append(connection_lines(False))
        elif send_keep_alive:
            # A user-set Keep-Alive field replaces ours (Node sends only theirs).
            timeout = 0 if keep_alive else self._keep_alive_timeout
            parts.append(connection_lines(True, timeout, self._max_requests_per_socket))
        else:
            self._last = True
            parts.append(connection_lines(False))

    def _is_client_with_agent(self) -> bool:
        return False

    def _implicit_header(self) -> None:
        raise err_not_implemented("_implicitHeader()")  # Node's name in Node's message

    # -- writing ------------------------------------------------------------
    # The socket's _http_message and _write_raw: compiled, on a net.Socket (a
    # _SocketCore, typed `core`), a C field and a C call of its _write_raw_c; a
    # StreamAdapter's through look-ups (the `elif`, the only branch in pure Python).
    @cython.locals(core=_SocketCore)
    def _send(self, data: bytes, first: bool = False) -> bool:
        """Send ``data``, prefixed by the header block if it has not gone yet."""
        if not self._header_sent and self._header is not None:
            # (Node's check too: a bare OutgoingMessage has no head to send.)
            self._header_sent = True
            data = self._header + data if data else self._header
        sock = self.socket
        if sock is None:
            return self._buffer_output(data)
        io = self._io
        if io is not sock:
            io = self._io_of(sock)
        if cython.compiled and isinstance(io, _SocketCore):
            core = io
            if core._http_message is self and not sock.destroyed:
                if self._output:
                    self._flush_output(io)
                if not core._write_raw_c(data):
                    self._need_drain = True
                    return False
                return True
        elif io._http_message is self and not sock.destroyed:
            if self._output:
                self._flush_output(io)
            if not io._write_raw(data):
                self._need_drain = True
                return False
            return True
        return self._buffer_output(data)

    def _io_of(self, sock: Any) -> Any:
        """The I/O object of ``sock``, the socket now: ``_io`` as the connection set
        it, or (the application assigned ``socket`` itself, as Node's tests do)
        the socket's own, declared here once."""
        io = self._io
        if io is not sock and (not isinstance(io, net.StreamAdapter) or io.stream is not sock):
            io = self._io = net.consumable(sock)
        return io

    def _buffer_output(self, data: bytes) -> bool:
        """Keep ``data`` until a socket is assigned; False past the high-water mark."""
        if self._output:
            self._output.append(data)  # type: ignore[union-attr]
        else:
            self._output = [data]
        self._output_size += len(data)
        if self._output_size >= self._high_water_mark:
            self._need_drain = True
            return False
        return True

    def _flush_output(self, io: Any) -> bool:
        out, self._output = self._output, ()
        self._output_size = 0
        ok = True
        for data in out:
            ok = io._write_raw(data)
        return ok

    def write(self, chunk: Any, encoding: Any = None,
              callback: Callable[..., Any] | None = None) -> bool:
        if callable(encoding):
            callback, encoding = encoding, None
        return self._write_chunk(chunk, encoding, callback, from_end=False)

    def _write_chunk(self, chunk: Any, encoding: str | None,
                     callback: Callable[..., Any] | None, from_end: bool) -> bool:
        if self.finished:
            err = NodeError("ERR_STREAM_WRITE_AFTER_END", "write after end")
            runtime.next_tick(self._write_after_end, err, callback, self._closed)
            return False  # Node's write_() returns false after end
        if self._destroyed:
            err = NodeError("ERR_STREAM_DESTROYED",
                            "Cannot call write after a stream was destroyed")
            if callback is not None:
                runtime.next_tick(callback, err)
            return False
        if chunk is None:
            raise NodeTypeError("ERR_STREAM_NULL_VALUES", "May not write null values to stream")
        data = to_bytes(chunk, encoding)
        if self.strict_content_length:
            self._count_strict(len(data), from_end)
        if self._header is None:
            if from_end:
                self._content_length = len(data)
            self._implicit_header()
        if not self._has_body:
            if self._reject_body_writes and (data or not from_end):
                raise _body_not_allowed_error()
            if callback is not None:
                runtime.next_tick(callback)
            return True
        # The head goes out with this write (Node's _send): it counts for the tick too.
        head = 0 if from_end or self._header_sent else len(self._header or b"")
        if not data:
            ok = True
            if head:
                self._send(b"")  # Node's _send(''): the head goes out alone
                ok = self._counted(head)
            if callback is not None:
                runtime.next_tick(callback)
            return ok and not self._need_drain
        n = len(data)
        if self.chunked_encoding:
            if n <= _CONCAT_LIMIT:
                frame = frame_chunk(data)
                if from_end:
                    # The last chunk rides with the final data: one write, as
                    # Node's corked end() gives.
                    frame += self._trailer or LAST_CHUNK
                    self._tail_sent = True
                ok = self._send(frame)
                n = len(frame)
            else:
                size_line = chunk_header(n)
                self._send(size_line)
                self._send(data)
                ok = self._send(CRLF)
                n += len(size_line) + 2
        else:
            ok = self._send(data)
        if not from_end:
            ok = self._counted(head + n) and ok
        if callback is not None:
            self._after_flush(callback)
        return ok and not self._need_drain

    def _counted(self, n: int) -> bool:
        """``n`` bytes were written; False: past the high-water mark."""
        if self._output_size or self.socket is None:
            return True  # buffered for a socket (_buffer_output counts them)
        return self._count_tick(n)

    def _count_tick(self, n: int) -> bool:
        """Node corks the socket for the rest of the tick on a write: the bytes
        count in ``writable_length`` until then, ``write()`` says False once they
        reach the high-water mark, and 'drain' follows the flush."""
        if not self._tick_bytes:
            runtime.next_tick(self._tick_flushed)
        self._tick_bytes += n
        if self._tick_bytes >= self.socket.writable_high_water_mark:
            self._tick_drain = True
            return False
        return not self._tick_drain

    def _tick_flushed(self) -> None:
        self._tick_bytes = 0
        if self._tick_drain:
            self._tick_drain = False
            # (the transport pushed back meanwhile: its drain emits 'drain' instead)
            if not self._need_drain and not self.finished and not self._destroyed and (
                    "drain" in self._events):  # (the one style: see _finish)
                self.emit("drain")

    def _count_strict(self, n: int, from_end: bool) -> None:
        """Node's strictContentLength check of one write (before it is sent)."""
        total = self._bytes_written + n
        declared = self._declared_length
        if declared is not None and (total != declared if from_end else total > declared):
            raise _length_mismatch_error(total, declared)
        self._bytes_written = total

    def _after_flush(self, callback: Callable[..., Any]) -> None:
        # Node calls a write callback once the data reached the kernel.
        if self._need_drain:
            if self._write_cbs:
                self._write_cbs.append(callback)  # type: ignore[union-attr]
            else:
                self._write_cbs = [callback]
        else:
            runtime.next_tick(callback)

    def _write_after_end(self, err: BaseException, callback: Callable[..., Any] | None,
                         was_closed: bool) -> None:
        if callback is not None:
            callback(err)
        # Node's emitErrorNt: no 'error' once 'close' was emitted. A response whose
        # 'close' nobody hears is marked closed at 'finish', where Node emits it a
        # tick later: after this tick when end() came before the write.
        if not was_closed and not (self._closed and "close" in self._events):
            self.emit("error", err)

    def _on_socket_drain(self) -> None:
        """The socket took all queued bytes: release callbacks, maybe ``'drain'``/``'finish'``."""
        cbs, self._write_cbs = self._write_cbs, ()
        for cb in cbs:
            runtime.call(cb)
        if self._need_drain:
            self._need_drain = False
            if not self.finished and "drain" in self._events:
                self.emit("drain")
        if self.finished and not self._finished_emitted:
            self._finish()

    def add_trailers(self, headers: dict[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Trailers go out after the last chunk; dropped when not chunked (seed)."""
        self._trailer = render_trailers(headers, self._unique_headers)

    def end(self, chunk: Any = None, encoding: Any = None,
            callback: Callable[..., Any] | None = None) -> OutgoingMessage:
        if callable(chunk):
            callback, chunk = chunk, None
        elif callable(encoding):
            callback, encoding = encoding, None
        if self.finished:
            if chunk:  # Node: more data after end() -> write after end, to both
                if not self._destroyed:
                    err = NodeError("ERR_STREAM_WRITE_AFTER_END", "write after end")
                    runtime.next_tick(self._write_after_end, err, callback, self._closed)
            elif callback is not None:
                err = NodeError("ERR_STREAM_ALREADY_FINISHED",
                                "Cannot call end after a stream was finished")
                runtime.next_tick(callback, err)
            return self
        if callback is not None:
            self.once("finish", callback)
        if chunk is not None and not self._header_sent and not self._destroyed and (
                not self.strict_content_length):
            self._end_at_once(chunk, encoding)
        else:
            self._end_written(chunk, encoding)
        self.finished = True
        sock = self.socket
        if sock is not None and not self._need_drain:
            io = self._io
            if io is not sock:
                io = self._io_of(sock)
            if io._http_message is self:
                # Node: 'finish' comes from the write callback, a tick after end()
                # when the kernel took the bytes at once. (The socket's Runtime: no
                # lookup of the current one.)
                if type(sock) is _Socket:
                    sock._rt.next_tick(self._finish, ())
                else:
                    runtime.next_tick(self._finish)
        return self

    @cython.locals(core=_SocketCore)
    def _end_at_once(self, chunk: Any, encoding: Any) -> None:
        """``end(data)`` with nothing sent yet (the common response): the head, the
        body and the last chunk go out in one write, framed here directly (as
        Node's corked end() gives) -- the bytes of the write path, without its
        calls (``_write_chunk``, ``frame_chunk``, ``_send``)."""
        if type(chunk) is str and (encoding is None or encoding == "utf8"):
            data = chunk.encode("utf-8", "nodekit-replace")  # to_bytes' common case
        elif type(chunk) is bytes:
            data = chunk
        else:
            data = to_bytes(chunk, encoding)
        if self._header is None:
            self._content_length = len(data)  # Content-Length from the data itself
            self._implicit_header()
            if self._header is None:
                # A subclass that renders no head (Node's outgoing-message
                # inheritance test): the write path's way, which asks again.
                self._end_written(data, None)
                return
        if not self._has_body:
            if data and self._reject_body_writes:
                raise _body_not_allowed_error()
            payload = self._header  # HEAD, 1xx, 204, 304: the head alone
        elif not self.chunked_encoding:
            payload = self._header + data if data else self._header
        elif len(data) <= _CONCAT_LIMIT:
            self._tail_sent = True
            trailer = self._trailer
            if not data:
                payload = self._header + (trailer or LAST_CHUNK)
            else:
                # One join of the head, the chunk and the last chunk: a small
                # body's size line from the table (bytes % formatting costs more).
                n = len(data)
                payload = b"".join((self._header,
                                    _SIZE_LINES[n] if n < _SIZE_LINES_MAX else chunk_header(n),
                                    data, CRLF + trailer if trailer else _CRLF_LAST_CHUNK))
        else:  # (a large chunk goes out in pieces: see _write_chunk)
            self._end_written(data, None)
            return
        self._header_sent = True
        sock = self.socket
        if sock is not None and not self._output and not sock.destroyed:
            io = self._io
            if io is not sock:
                io = self._io_of(sock)
            if cython.compiled and isinstance(io, _SocketCore):
                core = io  # (C reads and a C call, as in _send)
                if core._http_message is self:
                    if not core._write_raw_c(payload):
                        self._need_drain = True
                    return
            elif io._http_message is self:
                if not io._write_raw(payload):
                    self._need_drain = True
                return
        self._send(payload)  # buffered for a socket, or behind what is (head included)

    def _end_written(self, chunk: Any, encoding: Any) -> None:
        """``end()`` after writes (or without data): the generic path."""
        if chunk is not None:
            self._write_chunk(chunk, encoding, None, from_end=True)
        elif self._header is None:
            self._content_length = 0
            self._implicit_header()
        if (self.strict_content_length and self._declared_length is not None
                and self._bytes_written != self._declared_length):
            raise _length_mismatch_error(self._bytes_written, self._declared_length)
        if self.chunked_encoding and self._has_body:
            if not self._tail_sent:
                self._send(self._trailer or LAST_CHUNK)
        elif not self._header_sent:
            self._send(b"")

    def _finish(self) -> None:
        if self._finished_emitted or self._destroyed:
            return
        self._finished_emitted = True
        events = self._events
        if events:  # most responses have no listener at all
            try:
                # No emit call for an event nobody listens to (a client request's
                # listeners are most often 'response' alone). The one style for
                # the messages' own events but 'error': measured (callgrind, a
                # compiled method of a Python subclass), emit() to no listener
                # costs ~540 instructions (method look-up, the *args call), the
                # test of the C field _events ~20; of an untyped object's ~290.
                if "prefinish" in events:
                    self.emit("prefinish")
                if "finish" in self._events:  # (a 'prefinish' listener may add one)
                    self.emit("finish")
            except BaseException as exc:  # noqa: BLE001
                runtime.report_uncaught(exc)
        self._on_finish()

    def _on_finish(self) -> None:
        """Subclass hook: the message is fully handed to the socket."""

    def flush_headers(self) -> None:
        """Send the header block now instead of with the first chunk."""
        if self._header is None:
            self._implicit_header()
        self._send(b"")

    flush = flush_headers

    def cork(self) -> None:
        self._corked += 1
        if self.socket is not None:
            self.socket.cork()

    def uncork(self) -> None:
        if self._corked:
            self._corked -= 1
            if self.socket is not None:
                self.socket.uncork()

    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None,
                    ) -> OutgoingMessage:
        if callback is not None:
            self.on("timeout", callback)
        if self.socket is None:
            self.once("socket", lambda s: s.set_timeout(msecs))
        else:
            self.socket.set_timeout(msecs)
        return self

    def _capture_rejection(self, err: BaseException, event: str, *args: Any) -> None:
        """A failed ``async def`` listener under ``events.capture_rejections``
        (Node's OutgoingMessage[captureRejectionSymbol]): the message is destroyed
        with the error -- a response's socket, a request with its 'error'."""
        self.destroy(err)

    def destroy(self, err: BaseException | None = None) -> OutgoingMessage:
        if self._destroyed:
            return self
        self._destroyed = True
        self._errored = err
        if self.socket is not None:
            self.socket.destroy(err)
        else:
            self.once("socket", lambda s: s.destroy(err))
        return self

    # -- Writable-compatible properties -----------------------------------
    @property
    def connection(self) -> Any:
        return self.socket

    @connection.setter
    def connection(self, value: Any) -> None:
        self.socket = value  # Node's alias, both ways

    @property
    def writable_ended(self) -> bool:
        return self.finished

    @property
    def writable_finished(self) -> bool:
        return self._finished_emitted

    @property
    def writable_length(self) -> int:
        sock = self.socket
        return self._output_size + self._tick_bytes + (
            sock.write_buffer_size if sock is not None else 0)

    @property
    def writable_high_water_mark(self) -> int:
        sock = self.socket
        return sock.writable_high_water_mark if sock is not None else self._high_water_mark

    @property
    def writable_need_drain(self) -> bool:
        return self._need_drain or self._tick_drain

    @property
    def writable_corked(self) -> int:
        return self._corked

    @property
    def writable_object_mode(self) -> bool:
        return False

    @property
    def destroyed(self) -> bool:
        return self._destroyed

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def errored(self) -> BaseException | None:
        return self._errored


class OutgoingMessage(_OutgoingCore, Stream):
    """Node's ``OutgoingMessage``: the base of ``ServerResponse`` and ``ClientRequest``."""

    # stream._util's mark: a stream whose pipe() only errors is not a readable
    # (pipeline and finished take an OutgoingMessage as a writable).
    _pipe_errors = True

    def __init__(self) -> None:
        EventEmitter.__init__(self)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _take_field_defaults(cls)


# Compiled: the C fields (data descriptors on _OutgoingCore); empty in pure Python.
_C_FIELDS = c_fields(_OutgoingCore, _DEFAULTS)
# Compiled: a Python subclass's class attributes naming C fields of any message
# core (ServerResponse's send_date = True), which the C field would otherwise
# hide: set per instance (nodekit/_cores.py). Shared by the cores over this one.
_OVERRIDES: Overrides = {}
if not _C_FIELDS:
    install_class_defaults(_OutgoingCore, _DEFAULTS)


def _take_field_defaults(cls: type) -> None:
    """``_cores.take_field_defaults`` for the C fields of every message core in
    ``cls``'s MRO (each declares its ``_field_names``)."""
    fields = {name for base in cls.__mro__ for name in vars(base).get("_field_names", ())
              if type(vars(base).get(name)) is GetSetDescriptorType}
    take_field_defaults(cls, fields, _OVERRIDES)


_DICT_VALUES = type({}.values())
_HEAD_CACHE_MAX = 256


def remember_head(cache: dict[tuple[Any, ...], list[Any]], key: tuple[Any, ...],
                  entry: list[Any]) -> None:
    """Keep a rendered head in a Runtime's ``head_cache`` (responses and
    requests alike; ``entry`` from ``_header_entry``); cleared when full."""
    if len(cache) >= _HEAD_CACHE_MAX:
        cache.clear()
    cache[key] = entry


@cython.cfunc
@cython.locals(mapping=dict)
def _plain_items(headers: Any) -> tuple[tuple[str, str], ...] | None:
    """``headers`` (a dict, or the store's values) as a hashable tuple of pairs
    when every name and value is a plain ``str``; else None (not cacheable)."""
    th = type(headers)
    if th is dict:
        mapping = headers  # (compiled: a dict's items without a method look-up)
        items = tuple(mapping.items())
    elif th is _DICT_VALUES or (th is tuple and not headers):
        items = tuple(headers)
    else:
        return None
    for name, value in items:
        if type(value) is not str or type(name) is not str:
            return None
    return items


def header_pairs(headers: Any) -> Iterable[tuple[str, Any]]:
    if headers is None:
        return ()
    if isinstance(headers, dict):
        return headers.items()
    if isinstance(headers, (list, tuple)) and headers and not isinstance(headers[0], (list, tuple)):
        # Node's flat form: [name, value, name, value, ...]
        return zip(headers[0::2], headers[1::2], strict=False)
    return headers
