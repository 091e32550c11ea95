"""HTTP/1.x message parsers: llhttp (through httptools) behind Node's parser interface.

:class:`RequestParser` (the server's) and :class:`ResponseParser` (the
client's) take bytes and report events, as Node's ``HTTPParser`` binding does;
the connections only react to what they report. Every workaround httptools
needs, and every limit, lives here.

Interface (a second implementation must honour exactly this; the hostile
vectors in ``tests/http/test_parser.py`` run against it)::

    parser = RequestParser(handler, max_header_size=16384, max_headers_count=2000,
                           lenient=False)
    consumed = parser.execute(data)   # bytes or memoryview (copied where kept);
                                      # raises ParseError (Node's HPE_* code) or,
                                      # unchanged, an exception a handler raised
    parser.finish()                   # EOF: ends a close-delimited body, or raises
                                      # ParseError HPE_INVALID_EOF_STATE mid-message
    parser.stop()                     # from anywhere: no more events, later bytes ignored
    parser.reset()                    # a fresh parser, at the start of a message
    parser.pause(); parser.resume()   # the compiled parser only: from a callback,
                                      # execute() returns just after that event
                                      # (httptools cannot report where llhttp
                                      # paused; see the end of this module)

Handler callbacks (looked up once, at construction)::

    on_headers_complete(version_major, version_minor, raw_headers, method, url,
                        status, reason, upgrade, should_keep_alive) -> int | None
        one call per head (a 1xx interim response is a head of its own);
        raw_headers is Node's flat [name, value, ...] list of str, cut at
        max_headers_count; requests have status 0 and reason "", responses
        method "" and url "". The return value is Node's kOnHeadersComplete
        answer: 1 -- no body follows (a HEAD or CONNECT response; honoured by
        ResponseParser), 2 -- a protocol change: stop after the head (with
        ``upgrade`` true; for ResponseParser at any head). After 2 no
        on_message_complete comes; execute() returns the offset where the
        other protocol's bytes start.
    on_body(chunk: bytes)
    on_message_complete()
    on_message_begin()            optional (the request's first byte: timers)
    on_trailers(raw_trailers)     optional, before on_message_complete when the
                                  chunked body had trailer fields
An exception raised by a callback stops execute() and comes out of it as
itself, never as a ParseError. llhttp's chunk callbacks carry no size in
httptools: the chunk-extension limit is kept here instead of being left to
the connections, which therefore get no chunk events.

Limits (Node's): ``max_header_size`` counts the URL (the status text for
responses) and every field name and value of a head -- and, apart, of a
trailer section -- and overflows once the sum reaches the limit (Node's
TrackHeader), as HPE_HEADER_OVERFLOW; a line that never ends is cut off
once it passes the limit by 1 KiB. A chunk-size line (extensions included)
longer than 16 KiB is HPE_CHUNK_EXTENSIONS_OVERFLOW (kMaxChunkExtensionsSize).
Header lines past ``max_headers_count`` (0: no limit) are dropped from
raw_headers; ``host_count``/``host``/``expect`` (RequestParser) still see
every line, so a second Host cannot hide behind the limit (RFC 9112 §3.2).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import httptools

from .._loader import native_module
from ..errors import NodeError, NodeTypeError, NodeValueError
from ._common import decode_raw

__all__ = ["PARSER_ERROR_CODES", "ParseError", "RequestParser", "ResponseParser",
           "parse_error", "parser_error_code", "set_max_idle_http_parsers"]


def set_max_idle_http_parsers(max: Any) -> None:  # noqa: A002 - Node's parameter name
    """Node's ``http.setMaxIdleHTTPParsers(max)``, with Node's validation: ``max``
    must be an integer >= 1 (``ERR_INVALID_ARG_TYPE`` for a non-number,
    ``ERR_OUT_OF_RANGE`` otherwise).

    In Node it sizes the pool (1000 by default) that keeps freed parser objects
    for reuse. NodeKit keeps no such pool: a parser is created with its
    connection and freed with it, so beyond the validation this call changes
    nothing (there is nothing for it to size).
    """
    if isinstance(max, bool) or not isinstance(max, (int, float)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "max" argument must be of type number. Received {max!r}')
    if isinstance(max, float) and not max.is_integer():
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "max" is out of range. It must be an integer. '
                             f"Received {max!r}")
    if not 1 <= max <= _MAX_SAFE_INTEGER:
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "max" is out of range. It must be >= 1 && '
                             f"<= {_MAX_SAFE_INTEGER}. Received {max!r}")


_MAX_SAFE_INTEGER = 2**53 - 1  # JS's Number.MAX_SAFE_INTEGER, validateInteger's bound


# Built from llhttp's src/llhttp/http.ts and url.ts (p.error(ERROR.X, reason))
# and src/native/api.c; checked against Node v20 for the common cases. The
# last three entries are Node's own (node_http_parser.cc), for NodeKit's use.
PARSER_ERROR_CODES: dict[str, str] = {
    # request / status line
    "Invalid method encountered": "HPE_INVALID_METHOD",
    "Expected space after method": "HPE_INVALID_METHOD",
    "Invalid word encountered": "HPE_INVALID_CONSTANT",
    "Expected HTTP/, RTSP/ or ICE/": "HPE_INVALID_CONSTANT",
    "Invalid method for HTTP/x.x request": "HPE_INVALID_CONSTANT",
    "Invalid method for RTSP/x.x request": "HPE_INVALID_CONSTANT",
    "Expected SOURCE method for ICE/x.x request": "HPE_INVALID_CONSTANT",
    "Invalid HTTP version": "HPE_INVALID_VERSION",
    "Invalid major version": "HPE_INVALID_VERSION",
    "Invalid minor version": "HPE_INVALID_VERSION",
    "Expected dot": "HPE_INVALID_VERSION",
    "Expected space after version": "HPE_INVALID_VERSION",
    # also HPE_STRICT when a CR is not followed by LF; see parser_error_code
    "Expected CRLF after version": "HPE_INVALID_VERSION",
    "Expected HTTP/2 Connection Preface": "HPE_INVALID_VERSION",
    "Pause on PRI/Upgrade": "HPE_PAUSED_H2_UPGRADE",
    "Invalid status code": "HPE_INVALID_STATUS",
    "Invalid response status": "HPE_INVALID_STATUS",
    "Missing expected CR after response line": "HPE_CR_EXPECTED",
    "Missing expected CR after request line": "HPE_CR_EXPECTED",
    "Expected LF after CR": "HPE_STRICT",
    # URL
    "Unexpected start char in url": "HPE_INVALID_URL",
    "Unexpected char in url schema": "HPE_INVALID_URL",
    "Unexpected char in url server": "HPE_INVALID_URL",
    "Double @ in url": "HPE_INVALID_URL",
    "Invalid char in url path": "HPE_INVALID_URL",
    "Invalid char in url query": "HPE_INVALID_URL",
    "Invalid char in url fragment start": "HPE_INVALID_URL",
    "Invalid characters in url": "HPE_INVALID_URL",
    "Invalid characters in url (strict mode)": "HPE_INVALID_URL",
    "Expected CRLF": "HPE_INVALID_URL",
    # header fields
    "Unexpected space after start line": "HPE_UNEXPECTED_SPACE",
    "Invalid header field char": "HPE_INVALID_HEADER_TOKEN",
    "Invalid header token": "HPE_INVALID_HEADER_TOKEN",
    "Invalid header value char": "HPE_INVALID_HEADER_TOKEN",
    "Unexpected whitespace after header value": "HPE_INVALID_HEADER_TOKEN",
    "Missing expected CR after header value": "HPE_CR_EXPECTED",
    "Missing expected LF after header value": "HPE_LF_EXPECTED",
    "Expected LF after headers": "HPE_STRICT",
    "Content-Length can't be present with Transfer-Encoding": "HPE_INVALID_CONTENT_LENGTH",
    "Empty Content-Length": "HPE_INVALID_CONTENT_LENGTH",
    "Content-Length overflow": "HPE_INVALID_CONTENT_LENGTH",
    "Invalid character in Content-Length": "HPE_INVALID_CONTENT_LENGTH",
    "Duplicate Content-Length": "HPE_UNEXPECTED_CONTENT_LENGTH",
    "Transfer-Encoding can't be present with Content-Length": "HPE_INVALID_TRANSFER_ENCODING",
    "Empty Transfer-Encoding": "HPE_INVALID_TRANSFER_ENCODING",
    "Invalid `Transfer-Encoding` header value": "HPE_INVALID_TRANSFER_ENCODING",
    "Request has invalid `Transfer-Encoding`": "HPE_INVALID_TRANSFER_ENCODING",
    "Pause on CONNECT/Upgrade": "HPE_PAUSED_UPGRADE",
    "Paused by on_headers_complete": "HPE_PAUSED",
    "User callback error": "HPE_CB_HEADERS_COMPLETE",
    # chunked body
    "Chunk size overflow": "HPE_INVALID_CHUNK_SIZE",
    "Invalid character in chunk size": "HPE_INVALID_CHUNK_SIZE",
    "Missing expected CR after chunk size": "HPE_CR_EXPECTED",
    "Expected LF after chunk size": "HPE_STRICT",
    "Invalid character in chunk extensions": "HPE_STRICT",
    "Invalid character in chunk extensions name": "HPE_STRICT",
    "Invalid character in chunk extensions value": "HPE_STRICT",
    "Invalid character in chunk extensions quoted value": "HPE_STRICT",
    "Invalid character in chunk extensions quote value": "HPE_STRICT",
    "Invalid quoted-pair in chunk extensions quoted value": "HPE_STRICT",
    "Missing expected CR after chunk extension name": "HPE_CR_EXPECTED",
    "Missing expected CR after chunk extension value": "HPE_CR_EXPECTED",
    "Missing expected CR after chunk data": "HPE_CR_EXPECTED",
    "Expected LF after chunk data": "HPE_STRICT",
    # connection state
    "Data after `Connection: close`": "HPE_CLOSED_CONNECTION",
    "Invalid EOF state": "HPE_INVALID_EOF_STATE",
    # Node's own (node_http_parser.cc)
    "Header overflow": "HPE_HEADER_OVERFLOW",
    "Chunk extensions overflow": "HPE_CHUNK_EXTENSIONS_OVERFLOW",
    "Request timeout": "HPE_REQUEST_TIMEOUT",
}

# "`on_<name>` callback error" -> code. Names that are spans in httptools
# (it sets this reason itself and returns HPE_USER) map to HPE_USER.
_CALLBACK_CODES: dict[str, str] = {
    "on_message_begin": "HPE_CB_MESSAGE_BEGIN",
    "on_headers_complete": "HPE_CB_HEADERS_COMPLETE",
    "on_message_complete": "HPE_CB_MESSAGE_COMPLETE",
    "on_chunk_header": "HPE_CB_CHUNK_HEADER",
    "on_chunk_complete": "HPE_CB_CHUNK_COMPLETE",
    "on_url_complete": "HPE_CB_URL_COMPLETE",
    "on_status_complete": "HPE_CB_STATUS_COMPLETE",
    "on_method_complete": "HPE_CB_METHOD_COMPLETE",
    "on_version_complete": "HPE_CB_VERSION_COMPLETE",
    "on_protocol_complete": "HPE_CB_PROTOCOL_COMPLETE",
    "on_header_field_complete": "HPE_CB_HEADER_FIELD_COMPLETE",
    "on_header_value_complete": "HPE_CB_HEADER_VALUE_COMPLETE",
    "on_chunk_extension_name": "HPE_CB_CHUNK_EXTENSION_NAME_COMPLETE",
    "on_chunk_extension_value": "HPE_CB_CHUNK_EXTENSION_VALUE_COMPLETE",
    "on_reset": "HPE_CB_RESET",
}
_callback_reason_match = re.compile(r"`(on_\w+)` callback error|Span callback error in (on_\w+)"
                                    r"|(on_\w+) pause").fullmatch
# A request line whose version is followed by CR + something other than LF.
_cr_without_lf_after_version = re.compile(rb"HTTP/\d\.\d\r[^\n]").search

# Exception class name (walked along the MRO) -> code, for unknown reasons.
_CLASS_CODES: dict[str, str] = {
    "HttpParserInvalidMethodError": "HPE_INVALID_METHOD",
    "HttpParserInvalidURLError": "HPE_INVALID_URL",
    "HttpParserInvalidStatusError": "HPE_INVALID_STATUS",
    "HttpParserCallbackError": "HPE_USER",
    "HttpParserUpgrade": "HPE_PAUSED_UPGRADE",
}


def parser_error_code(exc: BaseException, data: bytes | None = None) -> str:
    """Node's ``HPE_*`` code for an httptools parser exception.

    Looked up by llhttp's reason string (``str(exc)``), then by exception
    class, then ``'HPE_INVALID'``. ``data`` (the bytes that failed) lets the
    one ambiguous reason be told apart: "Expected CRLF after version" is
    ``HPE_STRICT`` when a CR is followed by something other than LF.
    """
    code = getattr(exc, "code", None)
    if type(code) is str and code.startswith("HPE_"):
        return code
    reason = exc.args[0] if exc.args and type(exc.args[0]) is str else str(exc)
    code = PARSER_ERROR_CODES.get(reason)
    if code is not None:
        if (reason == "Expected CRLF after version" and data is not None
                and _cr_without_lf_after_version(bytes(data)) is not None):
            return "HPE_STRICT"
        return code
    m = _callback_reason_match(reason)
    if m is not None:
        if m.group(3) is not None:
            return "HPE_PAUSED"
        if m.group(2) is not None:
            return "HPE_USER"
        return _CALLBACK_CODES.get(m.group(1), "HPE_USER")
    for cls in type(exc).__mro__:
        code = _CLASS_CODES.get(cls.__name__)
        if code is not None:
            return code
    return "HPE_INVALID"


class ParseError(NodeError):
    """An HTTP parse error as Node reports it (``'clientError'`` / ``'error'``).

    ``message`` is ``'Parse Error: <reason>'``; ``code`` the ``HPE_*`` code;
    ``reason`` llhttp's reason string; ``bytes_parsed`` and ``raw_packet``
    (the bytes being parsed) when known.
    """

    def __init__(self, code: str, reason: str, bytes_parsed: int | None = None,
                 raw_packet: bytes | None = None) -> None:
        super().__init__(code, f"Parse Error: {reason}")
        self.reason = reason
        self.bytes_parsed = bytes_parsed
        self.raw_packet = raw_packet


def parse_error(exc: BaseException, data: bytes | bytearray | memoryview | None = None,
                bytes_parsed: int | None = None) -> ParseError:
    """Wrap an httptools exception as a ``ParseError`` (``__cause__`` = ``exc``)."""
    if isinstance(exc, ParseError):
        return exc
    raw = bytes(data) if data is not None else None
    reason = exc.args[0] if exc.args and type(exc.args[0]) is str else str(exc)
    err = ParseError(parser_error_code(exc, raw), reason, bytes_parsed, raw)
    err.__cause__ = exc
    return err


# -- the parsers ---------------------------------------------------------------

# Node's kMaxChunkExtensionsSize: a chunk-size line (extensions included) may not be longer.
_MAX_CHUNK_LINE = 16384
# While a head or a chunked body may be in the bytes, they go to httptools in
# slices of at least this size, so that a chunk-size line is measured to within
# one slice: an over-long line is caught once it passes the limit + 2 KiB.
_MIN_SLICE = 2048
_MAX_SLICE = 65536
# A head line that never ends is cut off once it passes max_header_size by this.
_LINE_SLACK = 1024
# The end of a head: CRLF CRLF (llhttp's strict mode refuses a bare LF; lenient
# mode accepts LF LF too).
_HEAD_END = re.compile(rb"\n\r?\n")
# llhttp's method bytes -> str, for the methods requests use most.
_METHODS = {m.encode(): m for m in ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                                     "PATCH", "CONNECT", "TRACE")}

SKIP_BODY = 1  # on_headers_complete's answer: no body follows this head
UPGRADE = 2  # ... stop after this head: the bytes after it are another protocol's


_BARE = object()  # a handler without callbacks, for _error_offset's bare llhttp


class _Stop(Exception):
    """Raised in an httptools callback to end feed_data; the reason is in the parser."""


def _overflow_error() -> ParseError:
    return ParseError("HPE_HEADER_OVERFLOW", "Header overflow")


def _ends_in_chunked(value: bytes) -> bool:
    return value.rpartition(b",")[2].strip(b" \t").lower() == b"chunked"


class _Parser:
    """What both parsers share: feeding httptools, limits, errors, fields, trailers."""

    __slots__ = (
        "parser", "max_header_size", "_max_headers_count", "lenient", "raw", "trailers",
        "head_bytes", "head_fed", "in_head", "in_body", "in_trailers", "chunked",
        "content_length", "chunk_line", "chunk_epoch", "slice", "error", "stopped",
        "upgrading", "last", "h_headers", "h_body", "h_complete", "h_begin", "h_trailers",
        "host_count", "host", "expect", "status", "continuing", "stand_in", "is_request",
        "heads_alone", "raw_limit", "body_parts", "failure", "mid_message",
    )
    # The httptools parser class, named by each parser (given a value: compiled, a
    # bare annotation in an extension type's body would declare a C field).
    _llhttp: Any = None
    requests = False  # parses requests (else responses)

    def __init__(self, handler: Any, *, max_header_size: int = 16384,
                 max_headers_count: int = 2000, lenient: bool = False) -> None:
        self.is_request = self.requests  # (an instance slot reads faster on the hot path)
        self.heads_alone = False  # ResponseParser: each head fed alone (see there)
        self.h_headers = handler.on_headers_complete
        self.h_body = handler.on_body
        self.h_complete = handler.on_message_complete
        self.h_begin = getattr(handler, "on_message_begin", None)
        self.h_trailers = getattr(handler, "on_trailers", None)
        self.max_header_size = max_header_size
        self.max_headers_count = max_headers_count
        self.lenient = lenient
        self.reset()

    @property
    def max_headers_count(self) -> int:
        """Header lines kept per head (0: all); settable per message, as the client
        does for each request (the native parser has the same attribute)."""
        return self._max_headers_count

    @max_headers_count.setter
    def max_headers_count(self, count: int) -> None:
        self._max_headers_count = count
        # raw_headers holds a name and a value per line: its length cap.
        self.raw_limit = 2 * count if count else sys.maxsize

    def _new_llhttp(self, handler: Any) -> Any:
        parser = self._llhttp(handler)
        if self.lenient:
            # Node's insecureHTTPParser: every llhttp leniency.
            parser.set_dangerous_leniencies(
                lenient_headers=True, lenient_chunked_length=True, lenient_keep_alive=True,
                lenient_transfer_encoding=True, lenient_version=True,
                lenient_data_after_close=True, lenient_optional_lf_after_cr=True,
                lenient_optional_cr_before_lf=True, lenient_optional_crlf_after_chunk=True,
                lenient_spaces_after_chunk_size=True)
        return parser

    def reset(self) -> None:
        """A fresh parser at the start of a message (after one that did not end cleanly)."""
        self.parser = self._new_llhttp(self)
        self.failure: ParseError | None = None  # the error that ended parsing, kept
        self.mid_message = False
        self.raw: list[Any] = []
        self.trailers: list[str] | None = None  # the trailer fields, once there are any
        self.host_count = 0  # Host lines of the current head (all of them)
        self.host = b""  # the last Host value
        self.expect: str | None = None  # the last Expect value
        self.status = b""  # a response's status text
        # An Upgrade request served as a plain one (RequestParser._upgraded): the
        # head that frames its body, and whether that head is being fed.
        self.stand_in: bytes | None = None
        self.continuing = False
        self.head_bytes = self.head_fed = 0
        self.in_head = self.in_body = self.in_trailers = False
        self.chunked = False  # the message being read has a chunked body
        self.content_length: bytes | None = None  # ... and this Content-Length
        self.chunk_line = -1  # bytes of the chunk-size line being parsed (-1: not in one)
        self.chunk_epoch = 0  # +1 each time a chunk-size line starts
        self.slice = _MIN_SLICE
        self.error: BaseException | None = None  # what ends the feed, raised by execute()
        self.stopped = False
        self.upgrading = False  # the handler answered 2 to the current head
        self.last = False  # nothing after the current message is parsed
        # While _run feeds slices: the body bytes of the chunk (or message) being
        # read, reported in one piece as llhttp reports a run of one read.
        self.body_parts: list[bytes] | None = None

    def stop(self) -> None:
        """No more events: the rest of the bytes, now and later, are ignored."""
        self.stopped = True
        self.failure = None  # (also after a parse error: nothing is reported again)

    def finish(self) -> None:
        """The peer's EOF (Node's ``parser.finish()``)."""
        if self.stopped or self.upgrading:
            return
        if self.in_body and self._eof_ends_body():
            self.in_body = False
            self.h_complete()  # (outside llhttp: an exception goes straight out)
            return
        if self.in_head or self.in_body:
            err = ParseError("HPE_INVALID_EOF_STATE", "Invalid EOF state")
            err.args = ("Parse Error",)  # Node's socketOnEnd: the reason stays apart
            raise err

    def _eof_ends_body(self) -> bool:
        return False

    def execute(self, data: Any) -> int:
        """Parse ``data``; the number of bytes consumed as HTTP (see the module docstring)."""
        end = len(data)
        # Whether these bytes start a message: then llhttp's error position can be
        # found again (_error_offset) if they fail.
        self.mid_message = self.in_head or self.in_body
        try:
            if self.heads_alone:
                return self._execute_heads_alone(data, end)
            if end <= _MAX_CHUNK_LINE and self.chunk_line < 0 and self.slice == _MIN_SLICE and (
                    not self.stopped):
                # Too short to hide an over-long chunk-size line, none in progress: one feed.
                offset = self._feed(data, data, 0)
                return end if offset < 0 else offset
            return self._run(data, 0, end)
        except ParseError as err:
            self._failed(err, data)
            raise

    def _failed(self, err: ParseError, data: Any) -> None:
        """``err`` ends parsing for good: complete it as Node's (bytes_parsed, raw_packet)
        and keep it, as llhttp keeps its error and returns it for every later read."""
        if err.raw_packet is None:
            err.raw_packet = bytes(data)
        if err.bytes_parsed is None and not self.mid_message:
            err.bytes_parsed = self._error_offset(err.raw_packet, err.reason)
        self.failure = err
        self.stopped = True

    def _error_offset(self, data: bytes, reason: str) -> int | None:
        """Where llhttp stopped in ``data`` (Node's bytesParsed), which httptools does
        not report: found by parsing prefixes of ``data`` again with a bare llhttp (a
        binary search: a prefix fails once it holds the failing byte). None when the
        bare parse does not fail the same way (an upgrade came first, say)."""
        def fails(k: int) -> bool:
            try:
                self._new_llhttp(_BARE).feed_data(data[:k])
            except httptools.HttpParserError as exc:
                return (exc.args[0] if exc.args else str(exc)) == reason
            return False

        lo, hi = 0, len(data)  # fails(hi); the smallest failing prefix is in (lo, hi]
        if not fails(hi):
            return None
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if fails(mid):
                hi = mid
            else:
                lo = mid
        return hi - 1

    def _repeat_failure(self, data: Any) -> ParseError:
        """A read after a parse error fails again (llhttp's lingering error, as Node
        reports it: bytes_parsed 0, the new bytes as raw_packet)."""
        failure = self.failure
        return ParseError(failure.code, failure.reason, 0, bytes(data))

    def _run(self, data: Any, start: int, end: int) -> int:
        # The slices are ours, not the read's: the body bytes of one chunk (or of
        # a Content-Length body) in this read reach the handler as one piece.
        self.body_parts = []
        try:
            offset = self._run_slices(data, start, end)
        except ParseError:
            self._report_gathered()  # llhttp reports the body before the error
            raise
        except BaseException:
            self.body_parts = None
            raise
        return end if self._report_gathered() else offset

    def _report_gathered(self) -> bool:
        """_run's last body bytes, outside llhttp; True if the handler stopped us."""
        parts, self.body_parts = self.body_parts, None
        if not parts or self.stopped:
            return False
        self.h_body(parts[0] if len(parts) == 1 else b"".join(parts))
        return self.stopped

    def _run_slices(self, data: Any, start: int, end: int) -> int:
        while start < end:
            if self.stopped:
                if self.failure is not None:
                    raise self._repeat_failure(data)
                return end
            sliced = ((end - start > _MAX_CHUNK_LINE or self.chunk_line >= 0)
                      and (self.chunked or not self.in_body))
            if sliced:
                # An over-long chunk-size line could start and end inside these
                # bytes: feed slices so each line is seen crossing a slice end
                # (_count_chunk_line). Slices double while inside chunk data, so
                # large chunks still go in a few feeds.
                stop = min(end, start + self.slice)
            else:
                stop = end  # no line in progress and too short to hide one
            offset = self._feed(data, data[start:stop], start)
            if offset >= 0:
                return offset
            if sliced or self.slice != _MIN_SLICE:
                in_data = self.in_body and self.chunked and self.chunk_line < 0
                self.slice = min(self.slice * 2, _MAX_SLICE) if in_data else _MIN_SLICE
            start = stop
        return end

    def _feed(self, data: Any, piece: Any, start: int) -> int:
        """Feed ``piece``, the bytes of ``data`` from ``start`` on; -1, or where
        parsing ended for good (an offset in ``data``)."""
        if not self.in_body or self.in_trailers:
            self.head_fed += len(piece)
        epoch, counting = self.chunk_epoch, self.chunk_line >= 0
        try:
            self.parser.feed_data(piece)
        except httptools.HttpParserUpgrade as exc:
            return self._upgraded(data, start + (exc.args[0] if exc.args else len(piece)))
        except httptools.HttpParserError as exc:
            err = self.error
            if err is not None:
                self.error = None
                raise err from None  # ours, or a handler's: never a ParseError of llhttp's
            if self.stopped:
                return len(data)
            raise parse_error(exc, bytes(data)) from None
        if self.head_fed > self.max_header_size + _LINE_SLACK and (
                not self.in_body or self.in_trailers):
            # A head (or trailer) line that never ends: httptools would buffer it forever.
            raise _overflow_error()
        if self.chunk_line >= 0 and self._count_chunk_line(piece, counting, epoch):
            raise ParseError("HPE_CHUNK_EXTENSIONS_OVERFLOW", "Chunk extensions overflow")
        return len(data) if self.stopped else -1

    def _upgraded(self, data: Any, offset: int) -> int:
        self.stopped = True
        return offset

    def _count_chunk_line(self, piece: Any, counting: bool, epoch: int) -> bool:
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

    def _complete_here(self) -> None:
        """Complete the message outside httptools (llhttp skipped or awaits its body)."""
        try:
            self.on_message_complete()
        except _Stop:
            err = self.error
            if err is not None:
                self.error = None
                raise err from None

    def _fail(self, err: BaseException) -> None:
        self.error = err
        raise _Stop()

    # -- httptools callbacks ---------------------------------------------------
    # A handler's exception is kept in ``error`` and llhttp stopped with _Stop:
    # execute() raises it as itself (inline try blocks: free until they catch).
    def on_message_begin(self) -> None:
        if self.continuing:
            return  # the stand-in head of an Upgrade request's body (see _upgraded)
        self.in_head = True  # (in_trailers was reset as the last message completed)
        self.host_count = 0
        self.expect = None
        if self.h_begin is not None:
            try:
                self.h_begin()
            except BaseException as exc:  # noqa: BLE001 - re-raised by execute()
                self.error = exc
                raise _Stop() from None

    def on_header(self, name: bytes, value: bytes) -> None:
        n = len(name)
        size = self.head_bytes = self.head_bytes + n + len(value)
        self.head_fed = 0  # a complete line: only bytes after it may sit in httptools
        if size >= self.max_header_size:
            self._fail(_overflow_error())  # headers and trailers alike (Node: 431)
        if value and (value[-1] == 32 or value[-1] == 9):
            # llhttp leaves trailing OWS in the value; RFC 9110 §5.5 (and Node) strip it.
            value = value.rstrip(b" \t")
        if self.in_trailers:
            if self.trailers is None:
                self.trailers = []
            self.trailers += (name.decode("latin-1"), value.decode("latin-1"))
            return
        if n == 4 or n == 6 or n == 14 or n == 17:
            # Remembered while parsing (before max_headers_count drops lines), so
            # neither framing nor the server's Host/Expect policy needs a scan.
            lower = name.lower()
            if lower == b"host":
                self.host_count += 1
                self.host = value
            elif lower == b"expect":
                self.expect = value.decode("latin-1")
            elif lower == b"transfer-encoding":
                # The last line's last coding decides.
                self.chunked = value == b"chunked" or _ends_in_chunked(value)
            elif lower == b"content-length":
                self.content_length = value
        raw = self.raw
        if len(raw) < self.raw_limit:  # Node drops headers beyond max_headers_count
            # Kept as bytes: the head is decoded in one go (decode_raw) when complete.
            raw.append(name)
            raw.append(value)

    def on_headers_complete(self) -> None:
        self.in_head = False
        self.in_body = True  # llhttp completes the message at once if no body follows
        self.head_fed = self.head_bytes = 0  # Node counts trailers apart from the headers
        if self.chunked:
            self.chunk_line = 0  # the first chunk-size line starts
            self.chunk_epoch += 1
        raw = self.raw
        self.raw = []
        if self.continuing:
            # The stand-in head of an Upgrade request's body (RequestParser._upgraded).
            self.continuing = False
            self.url = b""
            return
        parser = self.parser
        requests = self.is_request
        version = parser.get_http_version()
        if version == "1.1":
            major = minor = 1
        else:
            major_s, _, minor_s = version.partition(".")
            major, minor = int(major_s), int(minor_s or 0)
        keep_alive = parser.should_keep_alive()
        upgrade = parser.should_upgrade()
        if requests:
            method = parser.get_method()
            method = _METHODS.get(method) or method.decode("ascii")
            url = self.url.decode("latin-1")
            self.url = b""
            status, reason = 0, ""
            if self.chunked and version == "1.0":
                # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message is faulty
                # framing: process the message, then close the connection.
                keep_alive = False
                self.last = True
        else:
            method = url = ""
            status = parser.get_status_code()
            reason = self.status.decode("latin-1")
            self.status = b""
            self.no_length = not self.chunked and self.content_length is None
        try:
            answer = self.h_headers(major, minor, decode_raw(raw), method, url, status, reason,
                                    upgrade, keep_alive)
        except BaseException as exc:  # noqa: BLE001 - re-raised by execute()
            self.error = exc
            raise _Stop() from None
        if answer is None and not upgrade:
            pass  # the common case: a body (or none) follows as framed
        elif answer == UPGRADE and (upgrade or not requests):
            self.upgrading = True
        elif upgrade and requests:
            # Served as a plain request. httptools makes llhttp skip the body of
            # an Upgrade request: keep its framing for RequestParser._upgraded.
            self.stand_in = self._stand_in(version, keep_alive)
        elif answer == SKIP_BODY and not requests:
            self.skip = True
        if self.stopped:
            raise _Stop()

    def on_body(self, body: bytes) -> None:
        # Bytes up to here were no head line: with in_trailers set from the first
        # chunk header on, _feed counts a chunked body's bytes as it would a trailer's.
        self.head_fed = 0
        parts = self.body_parts
        if parts is not None:
            parts.append(body)  # (reported at the chunk's end or the read's: _run)
            return
        self._report_body(body)

    def _report_body(self, body: bytes) -> None:
        try:
            self.h_body(body)
        except BaseException as exc:  # noqa: BLE001 - re-raised by execute()
            self.error = exc
            raise _Stop() from None
        if self.stopped:
            raise _Stop()

    def _report_parts(self) -> None:
        """The body bytes gathered by _run, before the chunk or message ends."""
        parts = self.body_parts
        if parts:
            self.body_parts = []
            self._report_body(parts[0] if len(parts) == 1 else b"".join(parts))

    def on_chunk_header(self) -> None:
        self.chunk_line = -1  # the chunk-size line is complete
        # Fields after a chunk header are trailers -- also when the last chunk is
        # the first (Node fills req.trailers for `0\r\nT: v\r\n\r\n` too).
        self.in_trailers = self.in_body

    def on_chunk_complete(self) -> None:
        self._report_parts()
        # The next chunk's size line starts (message completion ends it).
        self.chunk_line = 0
        self.chunk_epoch += 1
        self.in_trailers = self.in_body

    def on_message_complete(self) -> None:
        self._report_parts()
        if self.stand_in is not None:
            return  # an Upgrade request's body comes next (see RequestParser._upgraded)
        self.in_body = False
        if self.chunked:
            self.chunked = self.in_trailers = False
            self.chunk_line = -1
            self.head_bytes = 0  # the trailers'
        self.content_length = None
        if self.upgrading:
            return  # the connection takes the bytes after the head (execute's offset)
        trailers = self.trailers
        try:
            if trailers is not None:
                self.trailers = None
                if self.h_trailers is not None:
                    self.h_trailers(trailers)
            self.h_complete()
        except BaseException as exc:  # noqa: BLE001 - re-raised by execute()
            self.error = exc
            raise _Stop() from None
        if self.stopped or self.last:
            self.stopped = True
            raise _Stop()


class HttptoolsRequestParser(_Parser):
    """Parses the requests on one server connection."""

    __slots__ = ("url",)
    _llhttp = httptools.HttpRequestParser
    requests = True

    def reset(self) -> None:
        super().reset()
        self.url = b""

    def on_url(self, url: bytes) -> None:
        self.url += url
        # Node (node_http_parser TrackHeader) counts url, names and values --
        # not method, ': ' or CRLFs -- and overflows once the sum reaches the limit.
        self.head_bytes += len(url)
        if self.head_bytes >= self.max_header_size:
            self._fail(_overflow_error())

    def _stand_in(self, version: str, keep_alive: bool) -> bytes:
        """A request head that frames the current request's body the same way."""
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

    def _upgraded(self, data: Any, offset: int) -> int:
        if self.upgrading:
            return super()._upgraded(data, offset)
        # An Upgrade request the handler served as a plain one: go on parsing
        # what follows with a fresh llhttp (it stops for good after an upgrade).
        stand_in, self.stand_in = self.stand_in, None
        self.parser = self._new_llhttp(self)
        if stand_in:
            # Its body, which llhttp skipped, comes first: a stand-in head with
            # the same framing makes the new parser deliver it to the same message.
            self.continuing = True
            self.parser.feed_data(stand_in)
        else:
            self.in_body = True
            self._complete_here()
        if offset < len(data) and not self.stopped:
            return offset + self._run(data[offset:], 0, len(data) - offset)
        return len(data)


class HttptoolsResponseParser(_Parser):
    """Parses the responses on one client connection.

    Each head is fed to llhttp alone, so that the handler's answer to it (no
    body after a HEAD request's response; a protocol change after CONNECT's)
    can take effect where the head ends: llhttp cannot be told either.
    """

    __slots__ = ("skip", "tail", "no_length")
    _llhttp = httptools.HttpResponseParser

    def __init__(self, handler: Any, **options: Any) -> None:
        super().__init__(handler, **options)
        # Feed each head alone only when the handler may answer 1 or 2 to it
        # (the client sets it for HEAD and CONNECT requests): otherwise the
        # bytes go to llhttp in one feed, which stops at a 101 by itself.
        self.heads_alone = True

    def reset(self) -> None:
        super().reset()
        self.skip = False  # the handler answered 1: the message ends with its head
        self.tail = b""  # the last bytes of a head split across reads
        self.no_length = False  # the body in progress runs to EOF

    def _execute_heads_alone(self, data: Any, end: int) -> int:
        """execute() with each head fed to llhttp alone (its end found here)."""
        start = 0
        while not self.in_body and start < end:
            if self.stopped:
                return end
            head_end = self._head_end(data, start)
            if head_end < 0:
                offset = self._feed(data, data[start:end] if start else data, start)
                if offset >= 0:
                    return offset
                self.tail = (self.tail + bytes(data[max(start, end - 2):end]))[-2:]
                return end
            self.tail = b""
            offset = self._feed(data, data[start:head_end], start)
            if offset >= 0:
                return offset
            start = head_end
            if self.upgrading:
                self.stopped = True
                return start
            if self.skip:
                self.skip = False
                if self.in_body:  # llhttp waits for a body that will not come: replace it
                    self.parser = self._new_llhttp(self)
                    self.chunk_line = -1
                    self._complete_here()
        return self._run(data, start, end) if start < end else end

    def _head_end(self, data: Any, start: int) -> int:
        """Where the head that starts at ``start`` ends in ``data``, or -1."""
        tail = self.tail
        if tail and not start:
            match = _HEAD_END.search(tail + bytes(data[:2]))
            if match is not None:
                return match.end() - len(tail)
        match = _HEAD_END.search(data, start)
        return -1 if match is None else match.end()

    def _eof_ends_body(self) -> bool:
        return self.no_length

    def on_status(self, status: bytes) -> None:
        self.status += status
        self.head_bytes += len(status)
        if self.head_bytes >= self.max_header_size:
            self._fail(_overflow_error())


# -- the implementation in use -------------------------------------------------
# The classes above run on httptools; the compiled parser (_native_parser.pyx,
# built by setup.py) replaces them when it is built and up to date, unless
# NODEKIT_PURE=1 (everything pure Python, as nodekit/_loader.py does) or
# NODEKIT_PARSER=httptools. The httptools ones stay importable under these names
# (the classes' own: compiled, _parser.pxd makes them extension types, whose
# names cannot be rebound).
RequestParser = HttptoolsRequestParser
ResponseParser = HttptoolsResponseParser


def _native_parsers() -> tuple[type, type] | None:
    """The compiled parser classes, or None where they must not (or cannot) run."""
    if os.environ.get("NODEKIT_PARSER") == "httptools":
        return None
    native = native_module("http._native_parser")
    if native is None:
        return None
    return native.NativeRequestParser, native.NativeResponseParser


NATIVE_PARSERS = _native_parsers()
if NATIVE_PARSERS is not None:
    RequestParser, ResponseParser = NATIVE_PARSERS  # type: ignore[misc]
