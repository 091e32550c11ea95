"""``IncomingMessage``: a received request (server) or response (client).

Owns the message's metadata (version, method/url or status, raw headers and
trailers, lazily merged into ``headers``/``trailers``) and its body as a
Readable. The connection that parses the message pushes body chunks in and
pauses the socket when ``push`` reports back-pressure; reading resumes it.
It knows nothing of parsing or sockets beyond that hook.

The connection that parses the message (the server's ``ServerConnection``,
the client's ``ClientConnection``) uses the friend hooks declared in
``nodekit/_friends.py``: ``_on_read`` (what runs when the consumer wants more
data), ``_end_body``, ``_retire``, ``_dump`` (Node's) and ``_dumped``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import runtime
from ..stream import Readable
from ..stream.readable import ReadableState
from ._common import distinct_from_raw, headers_from_raw

__all__ = ["IncomingMessage"]

class _LazyReadableState:
    """``IncomingMessage._readable_state`` before it exists: a non-data descriptor,
    so the state it makes on first access (stored on the instance) wins after."""

    __slots__ = ()

    def __get__(self, msg: Any, owner: Any = None) -> Any:
        if msg is None:
            return self
        return msg._make_readable_state()


class IncomingMessage(Readable):
    """Node's ``http.IncomingMessage``."""

    # Defaults on the class (one message per request: fewer assignments).
    http_version_major = 1
    http_version_minor = 1
    http_version = "1.1"
    _headers: dict[str, Any] | None = None
    _trailers: dict[str, Any] | None = None
    method: str | None = None
    url = ""
    status_code: int | None = None
    status_message: str | None = None
    complete = False
    aborted = False
    upgrade = False
    _consuming = False
    _dumped = False
    # Node's joinDuplicateHeaders (server or request option): a repeated
    # single-valued header (Authorization, Content-Type ...) is joined with
    # ', ' in ``headers``/``trailers`` instead of keeping the first line. The
    # connection that parses the message sets it before anyone reads them.
    join_duplicate_headers = False
    # Called when the consumer wants more data (the connection resumes the socket).
    _on_read: Callable[[], None] | None = None
    # End of body seen while nobody had touched the stream: the EOF push is
    # made when someone does (see _flush_eof), or never if nobody ever does.
    _eof_pending = False
    # The Readable state is made on first use (see _make_readable_state); a
    # request retired untouched (_retire) gets an ended, closed one.
    _readable_state = _LazyReadableState()
    _state_made = False
    _retired = False

    def __init__(self, socket: Any) -> None:
        # Readable.__init__ without its state: the ReadableState is made when
        # the stream API is first used (see _LazyReadableState), and a request
        # without a body that nobody reads never needs one.
        self._events = {}
        self._max_listeners = None
        self.socket = socket
        self.raw_headers: list[str] = []
        self.raw_trailers: list[str] = []

    def _make_readable_state(self) -> ReadableState:
        state = ReadableState(None, False)
        # Node sets readingMore: the parser pushes, no maybe-read-more ticks.
        state.reading_more = True
        # Node: the message buffers as much as its socket does (a server's
        # high_water_mark option reaches the request through its socket).
        socket = self.socket
        if socket is not None:
            hwm = getattr(socket, "readable_high_water_mark", None)
            if hwm is not None:
                state.high_water_mark = hwm
        if self._retired:  # finished untouched: what _retire would have set
            state.ended = state.end_emitted = True
            state.destroyed = state.closed = state.close_emitted = True
        self._state_made = True
        self._readable_state = state  # the instance's own from now on
        return state

    # -- lazy end of body ------------------------------------------------------
    def _end_body(self) -> None:
        """The parser saw the end of the message."""
        self.complete = True
        if not self._events and (not self._state_made or (
                self._readable_state.flowing is None and not self._consuming)):
            self._eof_pending = True  # nobody is looking: skip the end/close machinery
        else:
            self.push(None)

    def _flush_eof(self) -> None:
        if self._eof_pending:
            self._eof_pending = False
            self.push(None)

    def _retire(self) -> None:
        """Its response is out: a body nobody reads is discarded so the connection
        can go on. A body-less request nobody touched finishes without events
        (nobody listens; a listener added later would have flushed the EOF
        first), and without a Readable state when it never had one."""
        if self._consuming:
            return  # the application reads the body: it ends as it is read
        if self._eof_pending:
            if not self._state_made:
                self._eof_pending = False
                self._retired = self._dumped = True
                return
            state = self._readable_state
            if not state.length:
                self._eof_pending = False
                state.ended = state.end_emitted = True
                state.destroyed = state.closed = state.close_emitted = True
                self._dumped = True
                return
        if not self.readable_ended:
            self._dump()

    def _add(self, event: str, listener: Any, prepend: bool) -> Any:
        if self._eof_pending:
            self._flush_eof()
        # Readable's methods named directly (not super()): these run several
        # times per message, and the class layout is fixed.
        return Readable._add(self, event, listener, prepend)

    def read(self, size: int | None = None) -> Any:
        if self._eof_pending:
            self._flush_eof()
        return Readable.read(self, size)

    def resume(self) -> IncomingMessage:
        if self._eof_pending:
            self._flush_eof()
        Readable.resume(self)
        return self

    def pipe(self, dest: Any, end: Any = True) -> Any:
        if self._eof_pending:
            self._flush_eof()
        return super().pipe(dest, end)

    def iterator(self, options: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if self._eof_pending:
            self._flush_eof()
        return super().iterator(options, **kwargs)

    def __aiter__(self) -> Any:
        if self._eof_pending:
            self._flush_eof()
        return super().__aiter__()

    def __repr__(self) -> str:
        if self.method is not None:
            return f"<IncomingMessage {self.method} {self.url} HTTP/{self.http_version}>"
        return f"<IncomingMessage {self.status_code} {self.status_message}>"

    # Headers are merged only when someone reads them (most handlers never do).
    @property
    def headers(self) -> dict[str, Any]:
        h = self._headers
        if h is None:
            h = self._headers = headers_from_raw(self.raw_headers, self.join_duplicate_headers)
        return h

    @headers.setter
    def headers(self, value: dict[str, Any]) -> None:
        self._headers = value

    @property
    def headers_distinct(self) -> dict[str, list[str]]:
        """Every header's values as a list, under its lower-cased name."""
        return distinct_from_raw(self.raw_headers)

    @property
    def trailers_distinct(self) -> dict[str, list[str]]:
        """Every trailer's values as a list (filled once the body ended)."""
        return distinct_from_raw(self.raw_trailers)

    @property
    def trailers(self) -> dict[str, Any]:
        t = self._trailers
        if t is None:
            t = headers_from_raw(self.raw_trailers, self.join_duplicate_headers)
            if self.complete:
                # Node fills trailers at 'end': an early (empty) read is not cached.
                self._trailers = t
        return t

    @trailers.setter
    def trailers(self, value: dict[str, Any]) -> None:
        self._trailers = value

    @property
    def connection(self) -> Any:
        return self.socket

    @connection.setter
    def connection(self, value: Any) -> None:
        self.socket = value  # Node's: a settable alias of socket

    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None,
                    ) -> IncomingMessage:
        if callback is not None:
            self.on("timeout", callback)
        if self.socket is not None:
            self.socket.set_timeout(msecs)
        return self

    # -- Readable hooks -----------------------------------------------------
    def _read(self, size: int) -> None:
        self._consuming = True
        hook = self._on_read
        if hook is not None:
            hook()

    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        if not self.readable_ended or not self.complete:
            self.aborted = True
            self.emit("aborted")
        sock = self.socket
        if sock is not None and not sock.destroyed and self.aborted:
            # Node: destroying an unfinished message destroys its connection.
            sock.destroy(err)
        runtime.next_tick(_on_error, self, err, callback)

    def _dump(self) -> None:
        """Discard a body nobody reads so the connection can go on."""
        if not self._dumped:
            self._dumped = True
            self.remove_all_listeners("data")
            self.resume()


def _on_error(msg: IncomingMessage, err: BaseException | None,
              callback: Callable[..., Any]) -> None:
    # Node's IncomingMessage onError: "An error is emitted only if there are
    # listeners attached to the event" (req.destroy(err) alone never crashes).
    callback(err if msg.listener_count("error") else None)
