"""``http.Server`` and ``ServerResponse``.

Owns the server side of HTTP/1.1: one :class:`ServerConnection` per socket
(the socket's consumer, through net's ``attach_consumer``, as Node's parser
is attached straight to the socket) holds its ``_parser.RequestParser``, the
state (``_TRANSITIONS``) and the queue of responses for pipelined requests;
it turns parser events into ``IncomingMessage``/``ServerResponse`` pairs and
``'request'``, ``'checkContinue'``, ``'connect'``, ``'upgrade'`` and
``'clientError'`` events, and enforces the limits (header size and count,
headers/request/keep-alive timeouts, requests per socket).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import GetSetDescriptorType
from typing import Any

from .. import net, runtime
from .._cores import apply_overrides
from ..errors import NodeError, NodeTypeError, aborted_error, validate_options
from ..stream._util import out_of_range
from ._common import (
    STATUS_CODES,
    link_header_value,
    render_field,
    status_line,
    validate_status_code,
)
from ._incoming import IncomingMessage, _IncomingCore
from ._outgoing import (
    _OVERRIDES,
    OutgoingMessage,
    _OutgoingCore,
    header_pairs,
    headers_sent_error,
)
from ._parser import ParseError, RequestParser

try:
    # Compiled: Cython's own; @cython.locals types a method's message locals as
    # the extension types (_server.pxd), so their fields are C loads and stores.
    import cython
except ImportError:  # pure Python where Cython is not installed: no effect
    from .._cython_shim import cython  # type: ignore[no-redef]

__all__ = ["Server", "ServerResponse", "create_server", "max_header_size"]

max_header_size = 16384
_DEFAULT_HIGH_WATER_MARK = 16384  # Node's getDefaultHighWaterMark()

_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
_HEADERS_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                      b"Connection: close\r\n\r\n")
_REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
_PAYLOAD_TOO_LARGE = b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n"
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
# Node's _http_common continueExpression and chunkExpression.
_continue_expression = re.compile(r"(?:^|\W)100-continue(?:$|\W)", re.IGNORECASE).search
_chunk_expression = re.compile(r"(?:^|\W)chunked(?:$|\W)", re.IGNORECASE).search
# A standard code's (phrase, status line) as the server writes them (HTTP/1.1):
# write_head's common case. Made at import from STATUS_CODES; a phrase the
# application changed in STATUS_CODES since is not this one and takes status_line.
_STANDARD_LINES: dict[int, tuple[str, str]] = {
    code: (reason, status_line("1.1", code, reason)) for code, reason in STATUS_CODES.items()}
_ERROR_RESPONSES = {
    "HPE_HEADER_OVERFLOW": _HEADERS_TOO_LARGE,
    "HPE_CHUNK_EXTENSIONS_OVERFLOW": _PAYLOAD_TOO_LARGE,
    "ERR_HTTP_REQUEST_TIMEOUT": _REQUEST_TIMEOUT,
}


# A response's own state and its defaults (as _outgoing's _DEFAULTS: class
# attributes in pure Python, C fields of _ResponseCore when compiled).
_RESPONSE_DEFAULTS: dict[str, Any] = {
    "req": None,
    "status_code": 200,
    "status_message": None,
    "_sent_100": False,
    "_expect_continue": False,
    "_conn": None,
}


class _ResponseCore(_OutgoingCore):
    """``ServerResponse``'s state and methods (the class is below): compiled,
    ``_server.pxd`` makes it an extension type over ``_OutgoingCore``."""

    _field_names = frozenset(_RESPONSE_DEFAULTS)

    def __cinit__(self) -> None:
        # Compiled only (after _OutgoingCore's): the defaults that are not None,
        # then a Python subclass's class attributes over them (_OVERRIDES).
        self.send_date = True
        self.status_code = 200
        self._sent_100 = False
        self._expect_continue = False
        if _OVERRIDES:
            apply_overrides(self, _OVERRIDES)

    def __init__(self, req: IncomingMessage, server: Server | None = None,
                 conn: ServerConnection | None = None) -> None:
        self._conn = conn
        self._events = {}  # OutgoingMessage.__init__ (EventEmitter's), inlined
        self._max_listeners = None
        self.req = req
        if req.http_version_minor == 0 and req.http_version_major <= 1 or (
                req.http_version_major < 1):  # HTTP/1.0 or older
            # Node: useChunkedEncodingByDefault = chunkExpression.test(req.headers.te)
            te = req.headers.get("te")
            self.use_chunked_encoding_by_default = (
                isinstance(te, str) and _chunk_expression(te) is not None)
        if server is not None:
            self._keep_alive_timeout = server.keep_alive_timeout
            self._max_requests_per_socket = server.max_requests_per_socket or 0
            if server._tuned_responses:
                self._reject_body_writes = server.reject_non_standard_body_writes
                self._unique_headers = server._unique_headers
                self._high_water_mark = server.high_water_mark

    def __repr__(self) -> str:
        return f"<ServerResponse {self.status_code} sent={self._header_sent}>"

    def write_continue(self, callback: Callable[..., Any] | None = None) -> None:
        """Send ``HTTP/1.1 100 Continue`` (see the server's ``'checkContinue'``)."""
        self._write_interim(_CONTINUE, callback)
        self._sent_100 = True

    def write_processing(self, callback: Callable[..., Any] | None = None) -> None:
        self._write_interim(b"HTTP/1.1 102 Processing\r\n\r\n", callback)

    def write_early_hints(self, hints: dict[str, Any],
                          callback: Callable[..., Any] | None = None) -> None:
        """Send ``103 Early Hints`` (RFC 8297) with ``hints['link']`` (a str or a
        list of them, joined with ``', '``) and the other entries as fields.
        Nothing is sent without a link (Node's ``writeEarlyHints``)."""
        if not isinstance(hints, dict):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "hints" argument must be of type '
                                f"object. Received {hints!r}")
        link = hints.get("link")
        if link is None:
            return
        value = link_header_value(link)
        if not value:
            return
        lines = [render_field("Link", value)[0]]
        lines += [render_field(k, v)[0] for k, v in hints.items() if k != "link"]
        head = "HTTP/1.1 103 Early Hints\r\n" + "".join(lines) + "\r\n"
        self._write_interim(head.encode("latin-1"), callback)

    def _write_interim(self, data: bytes, callback: Callable[..., Any] | None) -> None:
        sock = self.socket
        if sock is not None:
            if not sock.destroyed:
                self._io_of(sock)._write_raw(data)
        elif self._header is None and not self._destroyed:
            # Queued behind an earlier pipelined response: sent, before our
            # head, when this response gets the socket.
            self._buffer_output(data)
        if callback is not None:
            runtime.next_tick(callback)

    @cython.locals(codes=dict, lines=dict)
    def write_head(self, status_code: int, status_message: Any = None,
                   headers: Any = None) -> ServerResponse:
        """Send the status line and headers (rendered now, sent with the first chunk)."""
        if self._header is not None:
            raise headers_sent_error("write")
        if status_message is not None and not isinstance(status_message, str):
            headers, status_message = status_message, None
        if type(status_code) is not int or not 100 <= status_code <= 999:
            status_code = validate_status_code(status_code)
        self.status_code = status_code
        line = None
        if status_message is not None:
            self.status_message = status_message
        elif self.status_message is None:
            codes = STATUS_CODES
            reason = self.status_message = codes.get(status_code, "unknown")
            # The common case of status_line, without its call: a standard code
            # whose phrase in STATUS_CODES is still the one its line was made with.
            lines = _STANDARD_LINES
            known = lines.get(status_code)
            if known is not None and known[0] is reason:
                line = known[1]
        if status_code < 200 or status_code == 204 or status_code == 304 or (
                self.req.method == "HEAD"):  # body_forbidden(), inlined: once per response
            self._has_body = False
        if self._expect_continue and not self._sent_100:
            # Node: a client that expects 100 Continue but got a final status
            # may still send the body: do not keep the connection alive.
            self.should_keep_alive = False
        conn = self._conn
        if conn is not None and conn.closing == _KEEP_IDLE and (
                not conn.incoming or conn.incoming[-1] is self.req):
            # close(graceful=True): the last request the connection has brought
            # says so, so that the client sends its next one elsewhere instead
            # of racing our close (a plain close() keeps Node v20's keep-alive,
            # then closes). Requests already pipelined behind it are answered.
            self.should_keep_alive = False
        if headers is not None and not self._headers:
            pairs = headers  # validated as the block is rendered (_common.render_field)
        else:
            pairs = self._collect_headers(headers)
        # status_line checks a custom reason for CR/LF (ERR_INVALID_CHAR), after
        # the headers were merged, as Node's writeHead does.
        if line is None:
            line = status_line("1.1", status_code, self.status_message)
        self._store_header(line, pairs)
        return self

    writeHead = write_head  # noqa: N815 - the name Node users type by habit

    def _collect_headers(self, headers: Any) -> Any:
        if headers is None:
            return self._headers.values() if self._headers else ()
        if self._headers:
            # set_header() was used too: writeHead's headers win, in the store.
            for name, value in header_pairs(headers):
                self.set_header(name, value)
            return self._headers.values()
        return headers  # validated as the block is rendered (_common.render_field)

    def _implicit_header(self) -> None:
        self.write_head(self.status_code)

    def assign_socket(self, socket: Any) -> None:
        conn = self._conn
        # The I/O object: the socket itself, or the adapter of another stream.
        io = conn.io if conn is not None and conn.socket is socket else net.consumable(socket)
        if io._http_message is not None:
            raise NodeError("ERR_HTTP_SOCKET_ASSIGNED",
                            "ServerResponse has an already assigned socket")
        if conn is None and io is not socket:
            # Node's assignSocket takes any Writable: its 'drain' releases the
            # response's back-pressure (a connection's consumer does that otherwise).
            socket.on("drain", self._on_socket_drain)
        io._http_message = self
        self.socket = socket
        self._io = io
        if conn is not None:
            conn.current = self
        if self._events:
            self.emit("socket", socket)
        if self._output and not self._flush_output(io):
            self._need_drain = True  # the socket's drain hook releases it
        elif self._need_drain:
            # Back-pressure reported while queued behind an earlier response
            # (its buffered bytes passed the high-water mark): the kernel took
            # them now, and no socket 'drain' will come to say so. Release the
            # write callbacks, 'drain' and 'finish' a tick later, as Node does.
            runtime.next_tick(self._on_socket_drain)
        elif self.finished:
            runtime.next_tick(self._finish)  # Node: a tick after the flush

    def detach_socket(self, socket: Any) -> None:
        io = net.consumable(socket)
        if io._http_message is self:
            io._http_message = None
        conn = self._conn
        if conn is not None and conn.current is self:
            conn.current = None
        self.socket = self._io = None

    def _emit_close(self) -> None:
        if self._closed:
            return  # (the socket's close emitted it already: end() came after)
        # Node's emitCloseNT: destroyed turns True with the 'close'.
        self._closed = self._destroyed = True
        if "close" in self._events:  # (a listener may have gone since it was queued)
            self.emit("close")

    def _close_after(self) -> None:
        """The connection ends after this response (Node sets its ``_last``): the
        client half-closed and this is the last response owed to it."""
        self._last = True

    def _socket_closed(self) -> None:
        """The socket closed before this response finished: Node's 'close'."""
        if not self._finished_emitted and not self._closed:
            self._closed = self._destroyed = True
            runtime.call(self.emit, "close")

    def _on_finish(self) -> None:
        """The response is out: it retires (its request's unread body, its socket,
        its 'close'), then its connection decides what the socket does next."""
        conn = self._conn
        if conn is None:
            return
        req = self.req
        req._retire()  # its unread body is discarded (Node's _dump)
        io = self._io
        if io is not None and io._http_message is self:  # detach_socket(socket), inlined
            io._http_message = None
        self.socket = self._io = None
        if "close" in self._events:
            runtime.next_tick(self._emit_close)
        else:
            self._closed = self._destroyed = True  # nobody listens: no tick for an unheard 'close'
        conn.response_finished(self)


class ServerResponse(_ResponseCore, OutgoingMessage):
    """Node's ``http.ServerResponse``: created by the server for each request."""

    # stream._util's mark (Node's isServerResponse in willEmitClose): a response
    # always ends with 'close', so stream.finished() calls back after it.
    _always_closes = True


if type(vars(_ResponseCore).get("status_code")) is not GetSetDescriptorType:
    # Pure Python: the defaults are class attributes (ServerResponse's Date on).
    for _name, _value in (*_RESPONSE_DEFAULTS.items(), ("send_date", True)):
        setattr(_ResponseCore, _name, _value)


# -- the connection's states (h11's _state.py style) -------------------------------
# What the connection does with the bytes it reads; the responses it owes queue
# alongside (``incoming``/``outgoing``). Timeouts hang off the state: the
# headers timeout runs in READING_HEAD (and in IDLE before the first request),
# the request timeout in READING_BODY, the keep-alive timeout outside READING_HEAD.
IDLE = "IDLE"  # between requests, no response owed
READING_HEAD = "READING_HEAD"  # a request head has begun
READING_BODY = "READING_BODY"  # a request's head was dispatched, its body is being read
WAITING_RESPONSE = "WAITING_RESPONSE"  # the requests were read; a response is still owed
UPGRADED = "UPGRADED"  # the socket went to the 'upgrade'/'connect' listener
CLOSING = "CLOSING"  # no more requests: the peer's FIN or the connection's last request
ERRORED = "ERRORED"  # a client error was reported: the peer is ignored from now on
CLOSED = "CLOSED"  # the socket closed

# Events: the parser's (BEGIN, HEAD, UPGRADE, and BODY_END or BODY_END_IDLE as a
# response is still owed or not), the response queue's (SETTLED: nothing owed any
# more), and the connection's own (STOP, EOF, ERROR, CLOSE).
BEGIN, HEAD, UPGRADE, BODY_END, BODY_END_IDLE = "begin", "head", "upgrade", "end", "end idle"
SETTLED, STOP, EOF, ERROR, CLOSE = "settled", "stop", "eof", "error", "close"

_LIVE = (IDLE, READING_HEAD, READING_BODY, WAITING_RESPONSE, CLOSING)
# event -> {state: next state}; a pair missing here is a bug (KeyError).
_TRANSITIONS: dict[str, dict[str, str]] = {
    BEGIN: {IDLE: READING_HEAD, WAITING_RESPONSE: READING_HEAD},  # (pipelined)
    HEAD: {READING_HEAD: READING_BODY},
    UPGRADE: {READING_HEAD: UPGRADED},
    BODY_END: {READING_BODY: WAITING_RESPONSE},
    BODY_END_IDLE: {READING_BODY: IDLE},
    SETTLED: {WAITING_RESPONSE: IDLE},  # responses also finish while a request is read
    STOP: dict.fromkeys(_LIVE, CLOSING),
    EOF: dict.fromkeys(_LIVE, CLOSING),
    ERROR: dict.fromkeys(_LIVE, ERRORED),
    CLOSE: dict.fromkeys((*_LIVE, ERRORED), CLOSED),
}
for _event, _table in _TRANSITIONS.items():
    if _event not in (BEGIN, HEAD, UPGRADE):
        for _state in (IDLE, READING_HEAD, READING_BODY, CLOSING, ERRORED, CLOSED):
            _table.setdefault(_state, _state)  # e.g. a socket error after the client's
_TRANSITIONS[BEGIN][ERRORED] = _TRANSITIONS[HEAD][ERRORED] = ERRORED  # rest of a read
_ON_BEGIN, _ON_HEAD, _ON_BODY_END, _ON_BODY_END_IDLE, _ON_SETTLED = (
    _TRANSITIONS[e] for e in (BEGIN, HEAD, BODY_END, BODY_END_IDLE, SETTLED))


class ServerConnection:
    """Per-socket server state: the request parser, the response queue, the state.

    ``socket`` is the application's object (``req.socket``), ``io`` the same or its
    :class:`~nodekit.net.StreamAdapter`. ``incoming``/``outgoing``: plain lists (an
    empty deque costs 600 bytes). ``held``, pipelining's one back-pressure flag, is
    not None while reading is paused for the responses owed (16 queued; or, on the
    compiled parser, a request complete while those owed before it wait to drain:
    Node's rule in parserOnIncoming), holding what arrived meanwhile, unparsed."""

    __slots__ = ("server", "socket", "io", "sock", "hosts", "parser", "state", "incoming",
                 "outgoing", "req", "requests", "request_start", "keep_alive_timer",
                 "pending_error", "current", "loop", "live", "closing", "can_pause", "held",
                 "body_paused")

    def __init__(self, server: Server, socket: Any, live: set[ServerConnection]) -> None:
        self.server = server
        self.socket = socket
        self.io = io = net.consumable(socket)
        # The same when it is a Socket, typed when compiled: its hot hooks are
        # C calls (net.pxd); None for another stream's adapter.
        self.sock = io if isinstance(io, net.Socket) else None
        self.live = live  # the server's live connections: this one leaves as it closes
        self.loop = io._rt.loop  # (its clock times the requests)
        self.hosts = io._rt.cache(_VALID_HOSTS)  # Host values checked (this loop's)
        self.parser = RequestParser(self, max_header_size=server.max_header_size,
                                    max_headers_count=server.max_headers_count,
                                    lenient=bool(server.insecure_http_parser))
        self.state = IDLE
        self.incoming: list[IncomingMessage] = []  # requests whose response is owed
        self.outgoing: list[ServerResponse] = []  # responses queued behind the socket's
        self.req: IncomingMessage | None = None  # the request read last
        self.current: ServerResponse | None = None  # the response the socket is writing
        self.requests = 0
        self.keep_alive_timer = False  # the socket runs the keep-alive timeout
        self.pending_error: BaseException | None = None  # a listener's, reported after a read
        self.closing = server._draining  # the server's, copied here by its close()
        self.can_pause = hasattr(self.parser, "pause") and not server.insecure_http_parser
        self.held: bytes | None = None
        self.body_paused = False  # on_body paused the socket at the high-water mark
        # Node's headers timeout also covers a connection that sends nothing at all.
        self.request_start = self.loop.time()
        io.attach_consumer(self)  # net's consumer hook: on_data, on_eof, on_drain
        socket.set_encoding = _refuse_socket_encoding  # as Node's connectionListener
        socket.on("error", self.client_error)
        socket.on("close", self.socket_on_close)
        if server.timeout:
            io._switch_timeout(server.timeout)  # (a stream without set_timeout: none)
        socket.on("timeout", self.socket_on_timeout)

    # -- socket events ------------------------------------------------------
    def on_data(self, data: Any) -> None:
        if self.held is not None:  # (a read the transport delivered as it paused)
            self.held += data
            return
        try:
            consumed = self.parser.execute(data)
        except ParseError as err:
            if err.code == "HPE_CLOSED_CONNECTION":
                # RFC 9112 §9.6: after the connection's last request the server sends
                # what it owes and closes; later bytes are ignored, not answered with
                # a 400 that would take the place of the pending response.
                self.stop_parsing()
            else:
                _parse_error(self, err)
        except BaseException as exc:  # noqa: BLE001 - our own callback code: surface it
            self.pending_error = exc
            self.socket.destroy()
        else:
            if self.state is UPGRADED:
                _hand_over(self, bytes(data[consumed:]))
            elif self.held is not None:  # paused by on_message_complete
                self.held = bytes(data[consumed:])
        err = self.pending_error
        if err is not None:
            self.pending_error = None
            runtime.report_uncaught(err)

    def on_eof(self) -> None:
        _peer_ended(self)

    def on_drain(self) -> None:
        msg = self.current
        if msg is not None:
            msg._on_socket_drain()
        if self.held is not None:
            self.resume_parsing()

    def socket_on_close(self, _had_error: bool = False) -> None:
        _closed(self)

    def socket_on_timeout(self) -> None:
        _on_socket_timeout(self.server, self.socket, self.req, self.current)

    # -- parser events (see _parser's interface) -------------------------------
    def on_message_begin(self) -> None:
        self.state = _ON_BEGIN[self.state]
        self.request_start = self.loop.time()
        if self.keep_alive_timer:
            # Back from the keep-alive timeout to the server's (Node's
            # resetSocketTimeout): a move between two timer lists.
            self.keep_alive_timer = False
            sock = self.sock
            if sock is not None:
                sock._switch_timeout_c(self.server.timeout or 0)  # (a C call compiled)
            else:
                self.io._switch_timeout(self.server.timeout or 0)

    @cython.locals(req=_IncomingCore, res=_ResponseCore)
    def on_headers_complete(self, major: int, minor: int, raw: list[str], method: str,
                            url: str, _status: int, _reason: str, upgrade: bool,
                            keep_alive: bool) -> int | None:
        server = self.server
        socket = self.socket
        req = server._incoming_message(socket)
        if server.join_duplicate_headers:
            req.join_duplicate_headers = True
        req.method = method
        req.url = url
        if minor != 1 or major != 1:
            req.http_version = f"{major}.{minor}"
            req.http_version_major = major
            req.http_version_minor = minor
        req.raw_headers = raw
        req._on_read = self.resume_for_body
        self.req = req
        self.requests += 1
        parser = self.parser
        if major == 1 and minor == 1 and parser.host_count == 1 and self.hosts.get(
                parser.host):
            status = 0  # the common case of _reject_status, decided without a call
        else:
            status = _reject_status(server, parser, major, minor, self.hosts)
        if upgrade and not status and (method == "CONNECT" or server.listener_count("upgrade")):
            # Node: CONNECT always upgrades; Upgrade only if someone listens for it.
            req.upgrade = True
            self.state = _TRANSITIONS[UPGRADE][self.state]
            return 2
        self.state = _ON_HEAD[self.state]
        self.incoming.append(req)
        res = server._server_response(req, server, self)
        res.should_keep_alive = keep_alive
        max_req = server.max_requests_per_socket or 0  # Node: null or 0 is no limit
        if max_req and self.requests >= max_req:
            res.max_requests_on_connection_reached = True
        if self.current is None:
            res.assign_socket(socket)
        else:
            self.outgoing.append(res)
            if len(self.outgoing) >= 16 and self.held is None:
                # Node stops reading while responses queue up behind a slow reader,
                # so a client that pipelines and never reads cannot grow our memory.
                self.held = b""
                self.io._pause_reading()
        if status:
            _refuse(req, res, status)  # in pipeline order, and nothing after it is parsed
            self.stop_parsing()
            return None
        try:
            expect = parser.expect
            dropped = max_req != 0 and self.requests > max_req
            if expect is None and not dropped:
                server.emit("request", req, res)  # the common case of _dispatch, without a call
            else:
                _dispatch(server, socket, req, res, expect, dropped)
        except BaseException as exc:  # noqa: BLE001 - raised by a listener: uncaught
            if self.pending_error is None:
                self.pending_error = exc
        return None

    def on_body(self, body: bytes) -> None:
        req = self.req
        if req is None or req._dumped:
            return
        if not req.push(body):
            self.body_paused = True
            self.io._pause_reading()
            self.socket.pause()  # Node's readStop: the socket pauses as a stream too ('pause')

    def on_trailers(self, raw: list[str]) -> None:
        if self.req is not None:
            self.req.raw_trailers.extend(raw)

    def on_message_complete(self) -> None:
        self.state = (_ON_BODY_END if self.incoming else _ON_BODY_END_IDLE)[self.state]
        req = self.req
        if req is not None:
            try:
                req._end_body()
            except BaseException as exc:  # noqa: BLE001
                if self.pending_error is None:
                    self.pending_error = exc
        if len(self.incoming) > 1 and self.can_pause and _output_blocked(self):
            self.parser.pause()
            self.held = b""  # on_data keeps the rest of this read
            self.io._pause_reading()
        elif self.body_paused:
            # on_body paused for a body at the high-water mark; an ended body
            # never calls _read to resume it. Node's parserOnMessageComplete:
            # readStart, so the next request on the connection is read.
            self.body_paused = False
            self.resume_for_body()

    def resume_parsing(self) -> None:
        """Back-pressure is gone: parse what the client sent meanwhile."""
        if self.state in _LIVE and len(self.outgoing) < 16 and not _output_blocked(self):
            self.flush_held()

    def flush_held(self) -> None:
        data, self.held = self.held, None
        resume = getattr(self.parser, "resume", None)  # (httptools cannot pause)
        if resume is not None:
            resume()
        self.io._resume_reading()
        if data:
            self.on_data(data)

    def resume_for_body(self) -> None:
        if self.held is None:
            self.io._resume_reading()
            socket = self.socket
            if socket.is_paused():
                socket.resume()  # Node's readStart: on_body's pause() undone

    def stop_parsing(self) -> None:
        """Take no more requests: what the client sends from now on is dropped."""
        self.state = _TRANSITIONS[STOP][self.state]
        self.parser.stop()  # (on_data feeds it on: a stopped parser ignores the bytes)

    # -- pipelining -----------------------------------------------------------
    @cython.locals(req=_IncomingCore)
    def response_finished(self, res: ServerResponse) -> None:
        """``res`` retired (ServerResponse._on_finish): the next queued response, the
        keep-alive timeout, or the end of the connection."""
        req = res.req
        incoming = self.incoming
        if incoming and incoming[0] is req:
            del incoming[0]
        elif req in incoming:
            incoming.remove(req)
        if self.req is req and req.complete:
            self.req = None  # an idle keep-alive connection keeps no message alive
        self.current = None
        if res._last:
            _close(self.io)
            return
        state = self.state
        if self.outgoing:
            self.outgoing.pop(0).assign_socket(self.socket)
        elif state is CLOSING:
            self.socket.end()
        elif state is not READING_HEAD:
            keep_alive_timeout = self.server.keep_alive_timeout
            if keep_alive_timeout:
                sock = self.sock
                if sock is not None:
                    sock._switch_timeout_c(keep_alive_timeout)
                else:
                    self.io._switch_timeout(keep_alive_timeout)
                self.keep_alive_timer = True
        if not incoming:
            self.state = _ON_SETTLED[self.state]
        if self.held is not None:
            self.resume_parsing()

    def client_error(self, err: BaseException) -> None:
        """Node's socketOnError for the socket's own errors (and a cut-short message
        at EOF): report once, then the peer is ignored (further bytes dropped, FIN
        ends our side, later socket errors swallowed)."""
        if self.state is not ERRORED:
            self.parser.stop()  # further bytes are dropped; on_eof ends our side
            _parse_error(self, err)


# -- the connection's cold paths: the peer going away, errors, back-pressure -----
def _peer_ended(conn: ServerConnection) -> None:
    """The client's FIN (Node's socketOnEnd): a message cut short is a client
    error; else unanswered requests are aborted and we end -- unless the server's
    ``http_allow_half_open`` is set: then the responses owed still go out, and
    the last one closes the socket as it finishes (its ``_last``)."""
    if conn.state is ERRORED:
        conn.io.destroy_soon()  # the peer is ignored; its FIN ends our side
        return
    try:
        conn.parser.finish()
    except ParseError as err:
        conn.client_error(err)
        return
    conn.state = _TRANSITIONS[EOF][conn.state]
    if conn.server.http_allow_half_open and conn.current is not None:
        # Node's socketOnEnd: the last response owed closes the socket when done.
        (conn.outgoing[-1] if conn.outgoing else conn.current)._close_after()
        return
    _abort(conn.incoming)
    _close(conn.io)  # a pending response gets 'close' when the socket closes


def _close(io: Any) -> None:
    """End our side once what is queued is out; destroy a socket already ended."""
    if io.writable:
        io.destroy_soon()
    else:
        io.destroy()


def _closed(conn: ServerConnection) -> None:
    """The socket closed: requests owed a response are aborted, responses closed."""
    if conn.held:
        # Requests received before the close: Node, which parses a whole read,
        # would have emitted them (to be aborted below); so do we, unpaused.
        conn.can_pause = False
        conn.flush_held()
    conn.state = _TRANSITIONS[CLOSE][conn.state]
    _abort(conn.incoming)
    _close_responses(conn.current, conn.outgoing)
    conn.live.discard(conn)


def _output_blocked(conn: ServerConnection) -> bool:
    """A response owed is waiting for the socket to drain (or for its turn, its
    buffer past the high-water mark)."""
    current = conn.current
    if current is not None and current.writable_need_drain:
        return True
    return any(res.writable_need_drain for res in conn.outgoing)


def _parse_error(conn: ServerConnection, err: BaseException) -> None:
    """A read failed to parse (Node's onParserExecuteCommon): reported every
    time -- the parser keeps its error, so each later read of a socket that a
    'clientError' listener left open fails again and is reported again."""
    socket = conn.socket
    if socket.destroyed and not socket.listener_count("close"):
        return
    conn.state = _TRANSITIONS[ERROR][conn.state]
    _report_client_error(conn.server, conn.io, conn.current, err)


def _release(conn: ServerConnection) -> None:
    """The socket is no longer the connection's (an upgrade or CONNECT took it)."""
    conn.io.detach_consumer(conn)
    socket = conn.socket
    socket.remove_listener("error", conn.client_error)
    socket.remove_listener("close", conn.socket_on_close)
    socket.remove_listener("timeout", conn.socket_on_timeout)
    conn.live.discard(conn)


# -- HTTP policy: what a request head gets ---------------------------------------
def _reject_status(server: Server, parser: RequestParser, major: int, minor: int,
                   hosts: dict[bytes, bool]) -> int:
    """The status a request head is refused with, or 0.

    RFC 9110 §15.6.6: an HTTP/0.9 or HTTP/2.0 request line gets 505. RFC 9112
    §3.2: more than one Host line, or an invalid one, gets 400, and so does an
    HTTP/1.1 request without Host (the only check Node makes, requireHostHeader).
    """
    if major != 1 or minor > 1:
        return 505
    count = parser.host_count
    if count > 1 or (count and not _valid_host(parser.host, hosts)):
        return 400
    if not count and minor == 1 and server.require_host_header:
        return 400
    return 0


def _dispatch(server: Server, socket: net.Socket, req: IncomingMessage, res: ServerResponse,
              expect: str | None, dropped: bool) -> None:
    """Hand the request to the application (Node's parserOnIncoming, its end)."""
    if dropped:
        server.emit("dropRequest", req, socket)  # Node emits it before the 503
        res.write_head(503)
        res.end()
        return
    # Node acts on Expect for HTTP/1.1 only, matching continueExpression.
    if expect is not None and req.http_version_major == 1 and req.http_version_minor == 1:
        if _continue_expression(expect) is not None:
            res._expect_continue = True
            if server.listener_count("checkContinue"):
                server.emit("checkContinue", req, res)
                return
            res.write_continue()
        elif server.listener_count("checkExpectation"):
            server.emit("checkExpectation", req, res)
            return
        else:
            res.write_head(417)
            res.end()
            return
    server.emit("request", req, res)


def _refuse(req: IncomingMessage, res: ServerResponse, status: int) -> None:
    """Answer ``status`` and close, without a 'request' (Node's missing-Host answer)."""
    req._end_body()
    res.should_keep_alive = False
    res.write_head(status, ["Connection", "close"])
    res.end()


def _hand_over(conn: ServerConnection, head: bytes) -> None:
    """Node: 'connect' or 'upgrade' with the socket (no timeout, reading) and the bytes
    after the head; with nobody listening, the connection is closed."""
    _release(conn)
    server, socket, req = conn.server, conn.socket, conn.req
    conn.io._switch_timeout(0)
    conn.io._resume_reading()
    event = "connect" if req.method == "CONNECT" else "upgrade"
    if not server.listener_count(event):
        socket.destroy()
        return
    req.complete = True
    try:
        server.emit(event, req, socket, head)
    except BaseException as exc:  # noqa: BLE001 - raised by a listener: uncaught
        conn.pending_error = exc


def _abort(incoming: list[IncomingMessage]) -> None:
    """The socket closed or the client ended: the requests still owed a response go."""
    while incoming:
        req = incoming.pop(0)
        if not req.complete or not req.readable_ended:
            # Node: req.destroy(connResetException('aborted')); IncomingMessage
            # emits that 'error' only when somebody listens for one (and
            # 'aborted' too when its body was not all read, complete or not).
            req.destroy(aborted_error() if req.listener_count("error") else None)
        elif not req.destroyed:
            # Node: 'close' on a fully received request once its socket closes.
            req.destroy(None)


def _close_responses(current: ServerResponse | None, queued: list[ServerResponse]) -> None:
    """The socket closed: the response under way and those queued behind it get 'close'."""
    if current is not None:
        current._socket_closed()
    for res in queued:
        res._socket_closed()
    queued.clear()


def _report_client_error(server: Server, io: Any, msg: Any, err: BaseException) -> None:
    """Node's socketOnError: 'clientError' on the server (with the application's
    socket); without a listener, a canned answer (if the response under way has not
    started), then socket.destroy(err). ``io``: the socket or its StreamAdapter."""
    socket = io.stream if isinstance(io, net.StreamAdapter) else io
    if server.listener_count("clientError"):
        runtime.call(server.emit, "clientError", err, socket)
        return
    if socket.writable and (msg is None or not msg._header_sent):
        io._write_raw(_ERROR_RESPONSES.get(getattr(err, "code", None), _BAD_REQUEST))
    # The socket emits 'error' with the parser's code for 'connection' listeners;
    # the connection's own listener (still attached; the state is ERRORED)
    # swallows it, as Node's no-op listener does, so it is never uncaught.
    socket.destroy(err)


def _refuse_socket_encoding(encoding: Any = None) -> Any:
    """An HTTP server's socket carries bytes (RFC 9112 §2.2): Node refuses to decode it,
    also after an upgrade."""
    raise NodeError("ERR_HTTP_SOCKET_ENCODING",
                    "Changing the socket encoding is not allowed per RFC7230 Section 3.")


# RFC 3986 §3.2.2 host (IP-literal, IPv4 or reg-name) with an optional port; empty is allowed.
_HOST_RE = re.compile(rb"(?:\[(?:[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9._~-]+)?"
                      rb"|[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+)\]"
                      rb"|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?\Z")


# Host values already checked against _HOST_RE (a server sees the same few): the
# name of the Runtime's cache (Runtime.cache), one per loop.
_VALID_HOSTS = "http.server.valid_hosts"


def _valid_host(value: bytes, hosts: dict[bytes, bool]) -> bool:
    ok = hosts.get(value)
    if ok is None:
        ok = _HOST_RE.match(value.strip(b" \t")) is not None
        if len(hosts) < 1024:  # bounded: hostile clients send endless variants
            hosts[value] = ok
    return ok


# Server._draining: serving, or closing as Node does (idle keep-alive
# connections closed at once), or close(graceful=True) (responses say
# Connection: close; idle connections are left to their next request).
_SERVING, _CLOSE_IDLE, _KEEP_IDLE = 0, 1, 2


class Server(net.Server):
    """Node's ``http.Server``."""

    # Node's httpAllowHalfOpen: with it, a client's FIN (its half-close) does not
    # abort the requests it already sent; they are answered, then the socket ends.
    http_allow_half_open = False

    def __init__(self, options: dict[str, Any] | Callable[..., Any] | None = None,
                 request_listener: Callable[..., Any] | None = None, **kwargs: Any) -> None:
        if callable(options):
            request_listener, options = options, None
        validate_options(options)
        opts = {**(options or {}), **kwargs}
        self._store_http_options(opts)
        # Node's net options for the accepted sockets (TCP_NODELAY on by default),
        # coerced as net.Server coerces them (Boolean(...)), not validated.
        no_delay = opts.get("no_delay")
        self.no_delay = True if no_delay is None else bool(no_delay)
        self.keep_alive = bool(opts.get("keep_alive", False))
        self.keep_alive_initial_delay = int(opts.get("keep_alive_initial_delay") or 0)
        super().__init__({"allow_half_open": True, "no_delay": self.no_delay,
                          "keep_alive": self.keep_alive,
                          "keep_alive_initial_delay": self.keep_alive_initial_delay,
                          "high_water_mark": opts.get("high_water_mark")})
        # Responses copy these only when one differs from the default (net.Server
        # checked high_water_mark, Node's server.highWaterMark, for the sockets).
        self._tuned_responses = bool(self.reject_non_standard_body_writes
                                     or self._unique_headers
                                     or self.high_water_mark != _DEFAULT_HIGH_WATER_MARK)
        self.timeout = 120000
        self.max_headers_count = 1000
        self.max_requests_per_socket = int(opts.get("max_requests_per_socket", 0) or 0)
        self._live: set[ServerConnection] = set()
        self._draining = _SERVING
        self._checker: runtime.Timeout | None = None
        self.on("connection", self._connection_listener)
        if request_listener is not None:
            self.on("request", request_listener)
        self.on("listening", self._start_checker)

    def _store_http_options(self, opts: dict[str, Any]) -> None:
        """Node's storeHTTPOptions: each option checked as Node checks it."""
        self._incoming_message = _class_option(opts, "incoming_message", IncomingMessage)
        self._server_response = _class_option(opts, "server_response", ServerResponse)
        self.max_header_size = _int_option(opts, "max_header_size", 0) or max_header_size
        # Dangerous: llhttp's lenient mode accepts what request smuggling is made
        # of (bad header characters, CR without LF, Content-Length with chunked).
        self.insecure_http_parser = _bool_option(opts, "insecure_http_parser", False)
        self.request_timeout = _int_option(opts, "request_timeout", 300000)
        given = opts.get("headers_timeout")
        self.headers_timeout = _int_option(opts, "headers_timeout",
                                           min(60000, self.request_timeout))
        if 0 < self.request_timeout < self.headers_timeout:
            raise out_of_range("headersTimeout", "<= requestTimeout", given)
        self.keep_alive_timeout = _int_option(opts, "keep_alive_timeout", 5000)
        self.connections_checking_interval = _int_option(
            opts, "connections_checking_interval", 30000)
        self.require_host_header = _bool_option(opts, "require_host_header", True)
        self.join_duplicate_headers = _bool_option(opts, "join_duplicate_headers", False)
        self.reject_non_standard_body_writes = _bool_option(
            opts, "reject_non_standard_body_writes", False)
        unique = opts.get("unique_headers")
        self._unique_headers = (frozenset(name.lower() for name in unique)
                                if isinstance(unique, (list, tuple)) else None)

    def _connection_listener(self, sock: Any) -> None:
        """Node's connectionListener, the server's first 'connection' listener: HTTP
        over an accepted socket, or over any Duplex the application hands in with
        ``server.emit('connection', duplex)``."""
        self._live.add(ServerConnection(self, sock, self._live))

    def set_timeout(self, msecs: float = 0, callback: Callable[..., Any] | None = None,
                    ) -> Server:
        """Socket inactivity timeout for new connections (seed: 2 minutes by default)."""
        if not isinstance(msecs, (int, float)) or msecs < 0:
            raise NodeTypeError("ERR_INVALID_ARG_TYPE", '"msecs" must be a non-negative number')
        self.timeout = msecs
        if callback is not None:
            self.on("timeout", callback)
        return self

    # -- headers_timeout / request_timeout ----------------------------------
    def _start_checker(self, *_: Any) -> None:
        if self._checker is None and (self.headers_timeout or self.request_timeout):
            interval = max(1, self.connections_checking_interval)
            self._checker = runtime.set_interval(self._check_connections, interval)
            self._checker.unref()

    def _check_connections(self) -> None:
        """Node's periodic check: cut off slow headers (slowloris) and slow requests."""
        now = self._rt.loop.time()
        headers_limit = self.headers_timeout / 1000.0
        request_limit = self.request_timeout / 1000.0
        for conn in list(self._live):
            if _timed_out(conn, now, headers_limit, request_limit):
                conn.client_error(_timeout_error())

    def listen(self, *args: Any, **kwargs: Any) -> Server:
        self._draining = _SERVING
        return super().listen(*args, **kwargs)

    def close(self, callback: Callable[..., Any] | None = None, *,
              graceful: bool = False) -> Server:
        """Stop listening; ``'close'`` once every connection has ended.

        As in Node 19+, idle keep-alive connections are closed now, and each
        busy one once its response is done. With ``graceful=True`` (NodeKit's
        addition) the response to the last request a connection has brought
        says ``Connection: close`` (requests pipelined before it are answered
        first), and idle keep-alive connections are left to their next
        request, answered so, or to their keep-alive timeout: a client whose
        next request is already on its way does not see the connection close
        under it (see docs/deploy.md).
        """
        keep_idle = graceful and self.keep_alive_timeout > 0  # else nothing would end them
        self._draining = _KEEP_IDLE if keep_idle else _CLOSE_IDLE
        for conn in self._live:  # read per response from there: one attribute less
            conn.closing = self._draining
        super().close(callback)
        if self._checker is not None:
            self._checker.close()
            self._checker = None
        if not keep_idle:
            self.close_idle_connections()
        return self

    def _capture_rejection(self, err: BaseException, event: str, *args: Any) -> None:
        """A failed ``async def`` 'request' listener under events.capture_rejections
        (Node's Server[captureRejectionSymbol]): a 500 without the listener's
        headers if nothing was sent yet, else the response is destroyed."""
        if event != "request":
            super()._capture_rejection(err, event, *args)
            return
        res = args[1]
        if not res.headers_sent and not res.writable_ended:
            for name in res.get_header_names():  # don't leak headers
                res.remove_header(name)
            res.status_code = 500
            res.end(STATUS_CODES[500])
        else:
            res.destroy()

    def close_all_connections(self) -> None:
        for conn in list(self._live):
            conn.socket.destroy()

    def close_idle_connections(self) -> None:
        for conn in list(self._live):
            if conn.current is None and conn.state is not READING_HEAD and (
                    conn.req is None or conn.req.complete):
                conn.socket.destroy()


# -- timeouts: which one runs follows the connection's state ---------------------
def _timed_out(conn: ServerConnection, now: float, headers_limit: float,
               request_limit: float) -> bool:
    """Node's periodic check for one connection: the headers timeout while a head is
    read (or nothing was received yet), the request timeout while a body is read."""
    state = conn.state
    if state is READING_HEAD or (state is IDLE and not conn.requests):
        # The headers timeout, and the request timeout, which counts from there too.
        elapsed = now - conn.request_start
        return bool((headers_limit and elapsed > headers_limit)
                    or (request_limit and elapsed > request_limit))
    if state is READING_BODY:
        return bool(request_limit) and now - conn.request_start > request_limit
    return False


def _on_socket_timeout(server: Server, socket: net.Socket, req: IncomingMessage | None,
                       res: ServerResponse | None) -> None:
    """The socket's idle timeout (Node's socketOnTimeout): the request still being
    read, the response under way and the server hear it; unheard, the socket goes."""
    handled = False
    if req is not None and not req.complete:
        handled = req.emit("timeout", socket)
    if res is not None:
        handled = res.emit("timeout", socket) or handled
    if not server.emit("timeout", socket) and not handled:
        socket.destroy()


def _int_option(opts: dict[str, Any], name: str, default: int) -> int:
    """Node's validateInteger(value, name, 0) for an option (None: the default)."""
    value = _typed_option(opts, name, default, int, f'The "{_camel(name)}" argument')
    if value < 0:
        raise out_of_range(_camel(name), ">= 0", value)
    return value


def _bool_option(opts: dict[str, Any], name: str, default: bool) -> bool:
    """Node's validateBoolean(value, 'options.<name>') (None: the default)."""
    return _typed_option(opts, name, default, bool, f'The "options.{_camel(name)}" property')


def _typed_option(opts: dict[str, Any], name: str, default: Any, kind: type, what: str) -> Any:
    value = opts.get(name)
    if value is None:
        return default
    if type(value) is not kind:  # exactly: a bool is no number, an int no boolean
        label = "number" if kind is int else "boolean"
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f"{what} must be of type {label}. Received {value!r}")
    return value


def _class_option(opts: dict[str, Any], name: str, default: type) -> Any:
    """``incoming_message`` / ``server_response``: a subclass to instantiate."""
    cls = opts.get(name) or default
    if not (isinstance(cls, type) and issubclass(cls, default)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", f'The "options.{_camel(name)}" property '
                            f"must be a subclass of {default.__name__}. Received {cls!r}")
    return cls


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _timeout_error() -> NodeError:
    return NodeError("ERR_HTTP_REQUEST_TIMEOUT", "Request timeout")


def create_server(options: dict[str, Any] | Callable[..., Any] | None = None,
                  request_listener: Callable[..., Any] | None = None,
                  **kwargs: Any) -> Server:
    """``http.create_server([options], [request_listener])``."""
    return Server(options, request_listener, **kwargs)

