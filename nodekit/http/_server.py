"""``http.Server`` and ``ServerResponse``.

Owns the server side of HTTP/1.1: one :class:`ServerConnection` per socket
holds the httptools parser (attached straight to the socket, as Node's
parser is) and the queue of responses for pipelined requests; it turns
parser callbacks into ``IncomingMessage``/``ServerResponse`` pairs and
``'request'``, ``'checkContinue'``, ``'connect'``, ``'upgrade'`` and
``'clientError'`` events, and enforces the limits (header size and count,
headers/request/keep-alive timeouts, requests per socket).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httptools

from .. import net, runtime
from ..errors import NodeError, NodeTypeError, econnreset
from ._common import (
    STATUS_CODES,
    body_forbidden,
    decode_raw,
    status_line,
    validate_status_code,
)
from ._incoming import IncomingMessage
from ._outgoing import (
    OutgoingMessage,
    header_pairs,
    headers_sent_error,
)
from ._parser import parse_error

__all__ = ["Server", "ServerResponse", "create_server", "max_header_size"]

max_header_size = 16384

_BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
_HEADERS_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                      b"Connection: close\r\n\r\n")
_REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
_PAYLOAD_TOO_LARGE = b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n"
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
# Node's _http_common continueExpression and chunkExpression.
_continue_expression = re.compile(r"(?:^|\W)100-continue(?:$|\W)", re.IGNORECASE).search
_chunk_expression = re.compile(r"(?:^|\W)chunked(?:$|\W)", re.IGNORECASE).search
_ERROR_RESPONSES = {
    "HPE_HEADER_OVERFLOW": _HEADERS_TOO_LARGE,
    "HPE_CHUNK_EXTENSIONS_OVERFLOW": _PAYLOAD_TOO_LARGE,
    "ERR_HTTP_REQUEST_TIMEOUT": _REQUEST_TIMEOUT,
}


class _HeaderOverflow(Exception):
    pass


class _StopParsing(Exception):
    """Raised from a parser callback: the connection takes no more requests."""


# Node's kMaxChunkExtensionsSize: a chunk-size line (extensions included) may not be longer.
_MAX_CHUNK_LINE = 16384
# Feed size near heads and chunk-size lines when a read could hide an
# over-long line: such a line is caught once it exceeds the limit + 2 KiB.
_MIN_SLICE = 2048
# While a head or a chunked body may be in the bytes, they go to httptools in slices of
# this size, so that a chunk-size line is measured to within one slice.


class ServerResponse(OutgoingMessage):
    """Node's ``http.ServerResponse``: created by the server for each request."""

    status_code = 200
    status_message: str | None = None
    send_date = True
    _sent_100 = False
    _expect_continue = False
    _conn: ServerConnection | None = None

    def __init__(self, req: IncomingMessage, server: Server | None = None) -> None:
        self._events = {}  # OutgoingMessage.__init__ (EventEmitter's), inlined
        self._max_listeners = None
        self.req = req
        if req.http_version_major < 1 or (req.http_version_major == 1
                                          and req.http_version_minor == 0):
            # Node: useChunkedEncodingByDefault = chunkExpression.test(req.headers.te)
            te = req.headers.get("te")
            self.use_chunked_encoding_by_default = (
                isinstance(te, str) and _chunk_expression(te) is not None)
        if server is not None:
            self._keep_alive_timeout = server.keep_alive_timeout
            self._max_requests_per_socket = server.max_requests_per_socket

    def __repr__(self) -> str:
        return f"<ServerResponse {self.status_code} sent={self._header_sent}>"

    def write_continue(self, callback: Callable[..., Any] | None = None) -> None:
        """Send ``HTTP/1.1 100 Continue`` (see the server's ``'checkContinue'``)."""
        self._write_interim(_CONTINUE, callback)
        self._sent_100 = True

    def write_processing(self, callback: Callable[..., Any] | None = None) -> None:
        self._write_interim(b"HTTP/1.1 102 Processing\r\n\r\n", callback)

    def _write_interim(self, data: bytes, callback: Callable[..., Any] | None) -> None:
        sock = self.socket
        if sock is not None and not sock.destroyed:
            sock._write_raw(data)
        if callback is not None:
            runtime.next_tick(callback)

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
        if status_message is not None:
            self.status_message = status_message
        elif self.status_message is None:
            self.status_message = STATUS_CODES.get(status_code, "unknown")
        if body_forbidden(status_code, self.req.method):
            self._has_body = False
        if self._expect_continue and not self._sent_100:
            # Node: a client that expects 100 Continue but got a final status
            # may still send the body: do not keep the connection alive.
            self.should_keep_alive = False
        if headers is not None and not self._headers:
            pairs = headers  # validated as the block is rendered (_common.render_field)
        else:
            pairs = self._collect_headers(headers)
        # status_line checks a custom reason for CR/LF (ERR_INVALID_CHAR), after
        # the headers were merged, as Node's writeHead does.
        self._store_header(status_line("1.1", status_code, self.status_message), pairs)
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
        socket._http_message = self
        self.socket = socket
        if self._events:
            self.emit("socket", socket)
        if self._output and not self._flush_output(socket):
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
        if socket._http_message is self:
            socket._http_message = None
        self.socket = None

    def _on_finish(self) -> None:
        conn = self._conn
        if conn is not None:
            conn.response_finished(self)


class ServerConnection:
    """Per-socket server state: the parser, its callbacks, and the response queue."""

    __slots__ = (
        "server", "socket", "parser", "incoming", "outgoing", "req", "url", "raw",
        "head_bytes", "head_fed", "in_head", "in_trailers", "requests", "keep_alive_timeout_set",
        "request_start", "pending_error", "upgrade_req", "closed",
        "paused_for_output", "peer_ended", "host_count", "host_value", "expect", "chunked",
        "content_length", "chunk_line", "chunk_epoch", "last_message", "continuing", "slice",
        "upgrade_body", "errored", "consumer",
    )

    def __init__(self, server: Server, socket: net.Socket) -> None:
        self.server = server
        self.socket = socket
        self.parser = httptools.HttpRequestParser(self)
        # Plain lists: these queues hold one or two messages (pipelining is
        # bounded by maybe_pause_for_output), and an empty deque costs 600 bytes.
        self.incoming: list[IncomingMessage] = []
        self.outgoing: list[ServerResponse] = []
        self.req: IncomingMessage | None = None
        self.url = b""
        self.raw: list[bytes] = []  # names and values of the head being parsed
        self.head_bytes = 0
        self.head_fed = 0
        self.in_head = False
        self.in_trailers = False
        self.requests = 0
        self.keep_alive_timeout_set = False
        # Node's headers timeout also covers a connection that sends nothing at all.
        self.request_start = server._now()
        self.host_count = 0
        self.host_value = b""
        self.expect: str | None = None
        self.chunked = False  # the request being read has a chunked body
        self.content_length: bytes | None = None  # ... and this Content-Length
        self.chunk_line = -1  # bytes of the chunk-size line being parsed (-1: not in one)
        self.chunk_epoch = 0  # +1 each time a chunk-size line starts
        self.slice = _MIN_SLICE
        self.last_message = False  # the request being read is the connection's last
        self.continuing: IncomingMessage | None = None  # see on_upgrade
        self.upgrade_body: bytes | None = None  # see on_headers_complete
        self.errored = False
        self.pending_error: BaseException | None = None
        self.upgrade_req: IncomingMessage | None = None
        self.closed = False
        self.paused_for_output = False
        self.peer_ended = False
        # One bound method, kept: feed() checks by identity that it is still attached.
        self.consumer = socket._data_consumer = self.on_data
        socket._eof_consumer = self.on_eof
        socket._drain_hook = self.on_drain
        socket.on("error", self.socket_on_error)
        socket.on("close", self.socket_on_close)
        if server.timeout:
            socket.set_timeout(server.timeout)
        socket.on("timeout", self.socket_on_timeout)

    # -- socket events ------------------------------------------------------
    def on_data(self, data: Any) -> None:
        start, end = 0, len(data)
        while start < end:
            sliced = ((end - start > _MAX_CHUNK_LINE or self.chunk_line >= 0)
                      and self.may_hold_chunk_line())
            if sliced:
                # An over-long chunk-size line could start and end inside these
                # bytes: feed slices so each line is seen crossing a slice end
                # (count_chunk_line). Slices double while the parser is inside
                # chunk data, so large chunks still go in a few feeds.
                stop = min(end, start + self.slice)
            else:
                stop = end  # no line in progress and too short to hide one
            if not self.feed(data, start, stop):
                break
            if sliced or self.slice != _MIN_SLICE:
                self.slice = (min(self.slice * 2, 65536) if self.in_chunk_data()
                              else _MIN_SLICE)
            start = stop
        err = self.pending_error
        if err is not None:
            self.pending_error = None
            runtime.report_uncaught(err)

    def feed(self, data: Any, start: int, stop: int) -> bool:
        """Feed ``data[start:stop]`` to the parser; False: feed no more of ``data``."""
        piece = data[start:stop] if start or stop != len(data) else data
        if self.in_head or self.req is None or self.in_trailers:
            self.head_fed += len(piece)
        epoch, counting = self.chunk_epoch, self.chunk_line >= 0
        try:
            self.parser.feed_data(piece)
        except httptools.HttpParserUpgrade as exc:
            self.on_upgrade(data, start + (exc.args[0] if exc.args else len(piece)))
            return False
        except httptools.HttpParserError as exc:
            self.on_parse_error(exc, data)
            return False
        if ((self.in_head or self.in_trailers)
                and self.head_fed > self.server.max_header_size + 1024):
            # A header (or trailer: Node answers 431 too) line that never
            # ends: httptools would buffer it forever.
            self.client_error(_overflow_error())
            return False
        if self.chunk_line >= 0 and self.count_chunk_line(piece, counting, epoch):
            self.client_error(NodeError("HPE_CHUNK_EXTENSIONS_OVERFLOW",
                                        "Chunk extensions overflow"))
            return False
        return self.socket._data_consumer is self.consumer

    def on_eof(self) -> None:
        """The client sent FIN. As Node's socketOnEnd (httpAllowHalfOpen false):
        a message cut short is a client error (400); otherwise requests still
        waiting for their response are aborted and the connection ends."""
        self.peer_ended = True
        req = self.req
        if self.in_head or (req is not None and not req.complete and not req.upgrade):
            self.client_error(_eof_error())
            return
        self.abort_incoming()
        socket = self.socket  # a pending response gets 'close' when the socket closes
        if socket.writable:
            socket.destroy_soon()
        else:
            socket.destroy()

    def on_drain(self) -> None:
        msg = self.socket._http_message
        if msg is not None:
            msg._on_socket_drain()
        if self.paused_for_output and not self.outgoing:
            self.paused_for_output = False
            self.socket._resume_reading()

    def socket_on_error(self, err: BaseException) -> None:
        self.client_error(err)

    def socket_on_close(self, _had_error: bool = False) -> None:
        self.closed = True
        self.abort_incoming()
        msg = self.socket._http_message
        if msg is not None and not msg._finished_emitted and not msg._closed:
            msg._closed = True
            runtime.call(msg.emit, "close")
        for res in self.outgoing:
            res._closed = True
            runtime.call(res.emit, "close")
        self.outgoing.clear()
        self.server._live.discard(self)

    def abort_incoming(self) -> None:
        while self.incoming:
            req = self.incoming.pop(0)
            if not req.complete:
                # Node: req.destroy(connResetException('aborted')); IncomingMessage
                # emits that 'error' only when somebody listens for one.
                req.destroy(_aborted_error() if req.listener_count("error") else None)
            elif not req.destroyed:
                # Node: 'close' on a fully received request once its socket closes.
                req.destroy(None)

    def socket_on_timeout(self) -> None:
        req = self.req
        handled = False
        if req is not None and not req.complete:
            handled = req.emit("timeout", self.socket)
        msg = self.socket._http_message
        if msg is not None:
            handled = msg.emit("timeout", self.socket) or handled
        handled = self.server.emit("timeout", self.socket) or handled
        if not handled:
            self.socket.destroy()

    # -- parser callbacks ---------------------------------------------------
    def on_message_begin(self) -> None:
        if self.continuing is not None:
            return
        self.in_head = True
        self.in_trailers = False
        self.url = b""
        self.raw = []
        self.head_bytes = 0
        self.host_count = 0
        self.expect = None
        self.chunked = False
        self.content_length = None
        self.request_start = self.socket._rt.loop.time()  # (Server._now, inlined)
        if self.keep_alive_timeout_set:
            # Back from the keep-alive timeout to the server's (Node's
            # resetSocketTimeout): a move between two timer lists.
            self.keep_alive_timeout_set = False
            self.socket._switch_timeout(self.server.timeout or 0)

    def on_url(self, url: bytes) -> None:
        if self.continuing is not None:
            return
        self.url += url
        # Node (node_http_parser TrackHeader) counts url, names and values --
        # not method, ': ' or CRLFs -- and overflows once the sum reaches the limit.
        self.head_bytes += len(url)
        if self.head_bytes >= self.server.max_header_size:
            raise _HeaderOverflow()

    def on_header(self, name: bytes, value: bytes) -> None:
        n = len(name)
        size = self.head_bytes = self.head_bytes + n + len(value)
        self.head_fed = 0  # a complete line: only bytes after it may sit in httptools
        if size >= self.server.max_header_size:
            raise _HeaderOverflow()  # headers and trailers alike (Node: 431)
        if self.in_trailers:
            req = self.req
            if req is not None:
                req.raw_trailers.append(name.decode("latin-1"))
                req.raw_trailers.append(value.decode("latin-1"))
            return
        if self.continuing is not None:
            return
        if n == 4 or n == 6 or n == 14 or n == 17:
            # Before max_headers_count drops lines: a second Host is never missed.
            # Host and Expect are remembered while parsing, so dispatch needs no scan.
            lower = name.lower()
            if lower == b"host":
                self.host_count += 1
                self.host_value = value
            elif lower == b"expect":
                self.expect = value.decode("latin-1")
            elif lower == b"transfer-encoding":
                self.chunked = True  # llhttp refuses a request whose last coding is not chunked
            elif lower == b"content-length":
                self.content_length = value
        raw = self.raw
        max_count = self.server.max_headers_count
        if max_count and len(raw) >= 2 * max_count:
            return  # Node drops headers beyond max_headers_count
        # Kept as bytes: the head is decoded in one go (decode_raw) when complete.
        raw.append(name)
        raw.append(value)

    def on_headers_complete(self) -> None:
        if self.continuing is not None:
            # The stand-in head of an Upgrade request's body (see on_upgrade).
            if self.chunked:
                self.start_chunk_line()
            return
        self.in_head = False
        self.head_fed = 0
        self.head_bytes = 0  # Node counts trailers apart from the headers
        parser = self.parser
        server = self.server
        socket = self.socket
        req = IncomingMessage(socket)
        method = parser.get_method()
        req.method = _METHODS.get(method) or method.decode("ascii")
        req.url = self.url.decode("latin-1")
        version = parser.get_http_version()
        if version != "1.1":
            req.http_version = version
            major, _, minor = version.partition(".")
            req.http_version_major = int(major)
            req.http_version_minor = int(minor or 0)
        req.raw_headers = decode_raw(self.raw)
        req._on_read = self.resume_for_body
        self.req = req
        self.requests += 1
        keep_alive = parser.should_keep_alive()
        if self.chunked:
            self.start_chunk_line()
            if version == "1.0":
                # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty
                # framing: process the message, then close the connection.
                keep_alive = False
                self.last_message = True
        if version == "1.1" and self.host_count == 1 and _valid_hosts.get(self.host_value):
            status = 0  # the common case of reject_status, decided without a call
        else:
            status = self.reject_status(version)
        if parser.should_upgrade() and not status:
            # Node: CONNECT always upgrades; Upgrade only if someone listens for it.
            if req.method == "CONNECT" or server.listener_count("upgrade"):
                req.upgrade = True
                self.upgrade_req = req
                return
            # Served as a normal request. httptools makes llhttp skip the body of an
            # Upgrade request: keep its framing, on_upgrade parses the body.
            self.upgrade_body = self.body_framing(version, keep_alive)
        self.incoming.append(req)
        res = ServerResponse(req, server)
        res._conn = self
        res.should_keep_alive = keep_alive
        max_req = server.max_requests_per_socket
        if max_req and self.requests >= max_req:
            res.max_requests_on_connection_reached = True
        if socket._http_message is not None:
            self.outgoing.append(res)
            self.maybe_pause_for_output()
        else:
            res.assign_socket(socket)
        if status:
            # Answer and close, in pipeline order, without a 'request' (Node's
            # missing-Host answer, same bytes), and parse nothing after it.
            req._end_body()
            res.should_keep_alive = False
            res.write_head(status, ["Connection", "close"])
            res.end()
            raise _StopParsing()
        try:
            self.dispatch(req, res, max_req)
        except BaseException as exc:  # noqa: BLE001 - raised by a listener: uncaught
            if self.pending_error is None:
                self.pending_error = exc

    def dispatch(self, req: IncomingMessage, res: ServerResponse, max_req: int) -> None:
        server = self.server
        if max_req and self.requests > max_req:
            server.emit("dropRequest", req, self.socket)  # Node emits it before the 503
            res.write_head(503)
            res.end()
            return
        expect = self.expect
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

    def reject_status(self, version: str) -> int:
        """The status a request head is refused with, or 0.

        RFC 9110 §15.6.6: an HTTP/0.9 or HTTP/2.0 request line gets 505. RFC 9112
        §3.2: more than one Host line, or an invalid one, gets 400, and so does an
        HTTP/1.1 request without Host (the only check Node makes, requireHostHeader).
        """
        if version not in ("1.0", "1.1"):
            return 505
        count = self.host_count
        if count > 1 or (count and not _valid_host(self.host_value)):
            return 400
        if not count and version == "1.1" and self.server.require_host_header:
            return 400
        return 0

    def body_framing(self, version: str, keep_alive: bool) -> bytes:
        """A stand-in request head that frames the current request's body the same way."""
        if self.chunked:
            framing = b"Transfer-Encoding: chunked\r\n"
        else:
            length = self.content_length  # llhttp has checked it: one value, digits
            if length is None or not int(length):
                return b""
            framing = b"Content-Length: %d\r\n" % int(length)
        connection = b"keep-alive" if keep_alive else b"close"
        return (b"POST / HTTP/%s\r\nConnection: %s\r\n%s\r\n"
                % (version.encode(), connection, framing))

    def may_hold_chunk_line(self) -> bool:
        req = self.req
        return req is None or req.complete or self.in_head or self.chunked

    def in_chunk_data(self) -> bool:
        req = self.req
        return (self.chunked and self.chunk_line < 0 and req is not None
                and not req.complete and not self.in_head)

    def count_chunk_line(self, piece: Any, counting: bool, epoch: int) -> bool:
        """The feed ended inside a chunk-size line: measure it; True past the limit.

        httptools reports no positions, but a size line holds no CRLF, so one
        that began in this piece began right after the piece's last CRLF."""
        if counting and epoch == self.chunk_epoch:
            self.chunk_line += len(piece)  # the whole piece was inside the line
        else:
            tail = bytes(piece[-(_MAX_CHUNK_LINE + 2):])
            crlf = tail.rfind(b"\r\n")
            self.chunk_line = len(tail) - (crlf + 2) if crlf >= 0 else len(tail)
        return self.chunk_line > _MAX_CHUNK_LINE

    def start_chunk_line(self) -> None:
        self.chunk_line = 0
        self.chunk_epoch += 1

    def stop_parsing(self) -> None:
        """Take no more requests: what the client sends from now on is dropped."""
        self.in_head = False
        self.socket._data_consumer = _discard

    def on_body(self, body: bytes) -> None:
        self.head_fed = 0  # body bytes are not buffered by httptools
        req = self.req
        if req is None or req._dumped:
            return
        if not req.push(body):
            self.socket._pause_reading()

    def on_chunk_header(self) -> None:
        self.chunk_line = -1  # the chunk-size line is complete
        # Headers after a chunk header are trailers -- also when the last chunk is
        # the first (Node fills req.trailers for `0\r\nT: v\r\n\r\n` too).
        if self.req is not None and not self.in_head:
            self.in_trailers = True

    def on_chunk_complete(self) -> None:
        self.start_chunk_line()  # the next chunk's size line (on_message_complete ends it)
        # The last chunk's header is followed by trailers (httptools reports
        # them through on_header).
        if self.req is not None and not self.in_head:
            self.in_trailers = True

    def on_message_complete(self) -> None:
        self.in_trailers = False
        self.chunk_line = -1
        if self.upgrade_body is not None:
            return  # an Upgrade request's body comes next (see on_upgrade)
        self.continuing = None
        req = self.req
        if req is not None and not req.upgrade:
            try:
                req._end_body()
            except BaseException as exc:  # noqa: BLE001
                if self.pending_error is None:
                    self.pending_error = exc
        if self.last_message:
            raise _StopParsing()

    def resume_for_body(self) -> None:
        if not self.paused_for_output:
            self.socket._resume_reading()

    # -- pipelining -----------------------------------------------------------
    def maybe_pause_for_output(self) -> None:
        # Node stops reading while responses queue up behind a slow reader, so a
        # client that pipelines and never reads cannot grow our memory.
        if not self.paused_for_output and len(self.outgoing) >= 16:
            self.paused_for_output = True
            self.socket._pause_reading()

    def response_finished(self, res: ServerResponse) -> None:
        socket = self.socket
        req = res.req
        incoming = self.incoming
        if incoming and incoming[0] is req:
            del incoming[0]
        elif req in incoming:
            incoming.remove(req)
        # _retire first: it succeeds for the common untouched request, and it
        # is a no-op for a body whose end was already read.
        if not req._consuming and not req._retire() and not req.readable_ended:
            req._dump()
        if self.req is req and req.complete:
            self.req = None  # an idle keep-alive connection keeps no message alive
        if socket._http_message is res:  # res.detach_socket(socket), inlined
            socket._http_message = None
        res.socket = None
        if "close" in res._events:
            runtime.next_tick(_emit_res_close, res)
        else:
            res._closed = True  # nobody listens: no tick for an unheard 'close'

        if res._last:
            if socket.writable:
                socket.destroy_soon()
            else:
                socket.destroy()
            return
        if self.outgoing:
            nxt = self.outgoing.pop(0)
            nxt.assign_socket(socket)
            if self.paused_for_output and len(self.outgoing) < 8:
                self.paused_for_output = False
                socket._resume_reading()
        elif self.peer_ended:
            socket.end()
        elif self.server._closing and not self.in_head:
            socket.destroy()  # Node 19+: a closing server closes connections as they go idle
        elif self.server.keep_alive_timeout and not self.in_head:
            socket._switch_timeout(self.server.keep_alive_timeout)
            self.keep_alive_timeout_set = True

    # -- upgrade / CONNECT ----------------------------------------------------
    def on_upgrade(self, data: Any, offset: int) -> None:
        req = self.upgrade_req
        head = bytes(data[offset:])
        if req is None:
            # An Upgrade request nobody listens for was served as a normal
            # request: go on parsing what follows with a fresh parser.
            self.parser = httptools.HttpRequestParser(self)
            stand_in, self.upgrade_body = self.upgrade_body, None
            if stand_in:
                # Its body, which llhttp skipped, comes first: a stand-in head with
                # the same framing makes the new parser deliver it to the same request.
                self.continuing = self.req
                self.parser.feed_data(stand_in)
            elif stand_in is not None:
                self.on_message_complete()  # it had no body
            if head:
                self.on_data(head)
            return
        self.upgrade_req = None
        self.detach()
        event = "connect" if req.method == "CONNECT" else "upgrade"
        if self.server.listener_count(event):
            req.complete = True
            try:
                self.server.emit(event, req, self.socket, head)
            except BaseException as exc:  # noqa: BLE001
                self.pending_error = exc
        else:
            self.socket.destroy()

    def detach(self) -> None:
        """Give the socket back to the application (after upgrade/CONNECT)."""
        socket = self.socket
        socket._data_consumer = None
        socket._eof_consumer = None
        socket._drain_hook = None
        socket.remove_listener("error", self.socket_on_error)
        socket.remove_listener("close", self.socket_on_close)
        socket.remove_listener("timeout", self.socket_on_timeout)
        socket.set_timeout(0)
        self.server._live.discard(self)
        socket._resume_reading()

    # -- errors ---------------------------------------------------------------
    def on_parse_error(self, exc: Exception, data: Any) -> None:
        ctx = exc.__context__
        if isinstance(ctx, _StopParsing) or (
                exc.args and exc.args[0] == "Data after `Connection: close`"):
            # RFC 9112 §9.6: after the connection's last request (Connection: close,
            # HTTP/1.0, a refused head) the server sends what it owes and closes;
            # later bytes are ignored, not answered with a 400 that would take the
            # place of the pending response.
            self.stop_parsing()
            return
        if isinstance(ctx, _HeaderOverflow):
            err: BaseException = _overflow_error()
        elif isinstance(ctx, BaseException) and not isinstance(
                ctx, (httptools.HttpParserError, httptools.HttpParserUpgrade)):
            # (A parser-exception context is the HttpParserUpgrade being handled
            # when on_upgrade re-feeds the bytes after an unanswered Upgrade: the
            # error is then the client's, not ours; Node never crashes on it.)
            err = ctx  # an exception from our own callback code: surface it
            self.pending_error = err
            self.socket.destroy()
            return
        else:
            err = parse_error(exc, bytes(data))
        self.client_error(err)

    def client_error(self, err: BaseException) -> None:
        """Node's socketOnError: report once, then the peer is ignored (further
        bytes dropped, FIN ends our side, later socket errors swallowed)."""
        socket = self.socket
        if self.errored or (socket.destroyed and not socket.listener_count("close")):
            return
        self.errored = True
        self.in_head = False
        socket._data_consumer = _discard
        socket._eof_consumer = socket.destroy_soon
        server = self.server
        if server.listener_count("clientError"):
            runtime.call(server.emit, "clientError", err, socket)
            return
        msg = socket._http_message
        if socket.writable and (msg is None or not msg._header_sent):
            code = getattr(err, "code", None)
            socket._write_raw(_ERROR_RESPONSES.get(code, _BAD_REQUEST))
        # Node's socketOnError: socket.destroy(err), so the socket emits 'error'
        # with the parser's code for 'connection' listeners that listen for it;
        # our own socket_on_error (still attached; self.errored is set) swallows
        # it, as Node's no-op listener does, so it is never uncaught.
        socket.destroy(err)


def _discard(_data: Any) -> None:
    pass


def _aborted_error() -> BaseException:
    err = econnreset("read")
    err.strerror = "aborted"
    err.args = (err.args[0], "aborted")
    return err


def _emit_res_close(res: ServerResponse) -> None:
    res._closed = True
    res.emit("close")


def _eof_error() -> NodeError:
    err = NodeError("HPE_INVALID_EOF_STATE", "Invalid EOF state")
    err.reason = "Invalid EOF state"  # type: ignore[attr-defined]
    return err


def _overflow_error() -> NodeError:
    err = NodeError("HPE_HEADER_OVERFLOW", "Header overflow")
    err.reason = "Header overflow"  # type: ignore[attr-defined]
    return err


# RFC 3986 §3.2.2 host (IP-literal, IPv4 or reg-name) with an optional port; empty is allowed.
_HOST_RE = re.compile(rb"(?:\[(?:[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9._~-]+)?"
                      rb"|[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+)\]"
                      rb"|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?\Z")


# Host values already checked against _HOST_RE: a server sees the same few.
_valid_hosts: dict[bytes, bool] = {}
# llhttp's method bytes -> str, for the methods requests use most.
_METHODS = {m.encode(): m for m in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                                     "PATCH", "CONNECT", "TRACE")}


def _valid_host(value: bytes) -> bool:
    ok = _valid_hosts.get(value)
    if ok is None:
        ok = _HOST_RE.match(value.strip(b" \t")) is not None
        if len(_valid_hosts) < 1024:  # bounded: hostile clients send endless variants
            _valid_hosts[value] = ok
    return ok


class Server(net.Server):
    """Node's ``http.Server``."""

    def __init__(self, options: dict[str, Any] | Callable[..., Any] | None = None,
                 request_listener: Callable[..., Any] | None = None, **kwargs: Any) -> None:
        if callable(options):
            request_listener, options = options, None
        opts = {**(options or {}), **kwargs}
        super().__init__({"allow_half_open": True, "no_delay": opts.get("no_delay", True),
                          "keep_alive": opts.get("keep_alive", False),
                          "keep_alive_initial_delay": opts.get("keep_alive_initial_delay", 0)})
        self.timeout = 120000
        self.keep_alive_timeout = 5000
        self.max_headers_count = 1000
        self.max_header_size = int(opts.get("max_header_size") or max_header_size)
        self.headers_timeout = int(opts.get("headers_timeout", 60000))
        self.request_timeout = int(opts.get("request_timeout", 300000))
        self.max_requests_per_socket = int(opts.get("max_requests_per_socket", 0) or 0)
        self.connections_checking_interval = int(opts.get("connections_checking_interval",
                                                          30000))
        self.require_host_header = bool(opts.get("require_host_header", True))
        self._live: set[ServerConnection] = set()
        self._checker: runtime.Timeout | None = None
        if request_listener is not None:
            self.on("request", request_listener)
        self.on("listening", self._start_checker)

    def _now(self) -> float:
        return self._rt.loop.time()

    def _accept(self, sock: net.Socket) -> None:
        conn = ServerConnection(self, sock)
        self._live.add(conn)
        if self.listener_count("connection"):
            self.emit("connection", sock)

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
        now = self._now()
        headers_limit = self.headers_timeout / 1000.0
        request_limit = self.request_timeout / 1000.0
        for conn in list(self._live):
            if conn.closed:
                continue
            if conn.in_head or not conn.requests:  # a head begun, or nothing received yet
                if headers_limit and now - conn.request_start > headers_limit:
                    conn.client_error(_timeout_error())
                    continue
            req = conn.req
            if (request_limit and req is not None and not req.complete and not conn.in_head
                    and now - conn.request_start > request_limit):
                conn.client_error(_timeout_error())

    def close(self, callback: Callable[..., Any] | None = None) -> Server:
        super().close(callback)
        if self._checker is not None:
            self._checker.close()
            self._checker = None
        self.close_idle_connections()
        return self

    def close_all_connections(self) -> None:
        for conn in list(self._live):
            conn.socket.destroy()

    def close_idle_connections(self) -> None:
        for conn in list(self._live):
            if conn.socket._http_message is None and not conn.in_head and (
                    conn.req is None or conn.req.complete):
                conn.socket.destroy()


def _timeout_error() -> NodeError:
    return NodeError("ERR_HTTP_REQUEST_TIMEOUT", "Request timeout")


def create_server(options: dict[str, Any] | Callable[..., Any] | None = None,
                  request_listener: Callable[..., Any] | None = None,
                  **kwargs: Any) -> Server:
    """``http.create_server([options], [request_listener])``."""
    return Server(options, request_listener, **kwargs)

