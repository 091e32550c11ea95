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

As ``OutgoingMessage`` (``_outgoing.py``): the state and the hot methods live
in ``_IncomingCore``, which ``_incoming.pxd`` makes an extension type with C
fields when compiled; ``IncomingMessage`` is a plain class over it and
``Readable`` (docs/architecture.md, "Extension types under Python subclasses").
"""

from __future__ import annotations

from collections.abc import Callable
from types import GetSetDescriptorType
from typing import Any

from .. import runtime
from .._cores import apply_overrides
from ..events import _EmitterCore
from ..stream import Readable
from ..stream.readable import ReadableState
from ._common import distinct_from_raw, headers_from_raw
from ._outgoing import _OVERRIDES, _take_field_defaults

__all__ = ["IncomingMessage"]

# The per-message state and its defaults (one message per request: an
# instance stores only what differs). Pure Python: class attributes of
# _IncomingCore; compiled: its C fields, set by __cinit__.
_DEFAULTS: dict[str, Any] = {
    "socket": None,
    "raw_headers": None,  # set by __init__ (a list per message)
    "raw_trailers": None,
    "http_version_major": 1,
    "http_version_minor": 1,
    "http_version": "1.1",
    "_headers": None,
    "_trailers": None,
    "method": None,
    "url": "",
    "status_code": None,
    "status_message": None,
    "complete": False,
    "aborted": False,
    "upgrade": False,
    "_consuming": False,
    "_dumped": False,
    # Node's joinDuplicateHeaders (server or request option): a repeated
    # single-valued header (Authorization, Content-Type ...) is joined with
    # ', ' in ``headers``/``trailers`` instead of keeping the first line. The
    # connection that parses the message sets it before anyone reads them.
    "join_duplicate_headers": False,
    # Called when the consumer wants more data (the connection resumes the socket).
    "_on_read": None,
    # End of body seen while nobody had touched the stream: the EOF push is
    # made when someone does (see _flush_eof), or never if nobody ever does.
    "_eof_pending": False,
    # The Readable state, made on first use (see _make_readable_state); a
    # request retired untouched (_retire) gets an ended, closed one. Compiled,
    # a C field typed ReadableState: the methods here read its fields directly.
    "_rs": None,
    "_retired": False,
}


class _LazyReadableState:
    """``IncomingMessage._readable_state`` before it exists (pure Python): a
    non-data descriptor, so the state it makes on first access (stored on the
    instance) wins after."""

    __slots__ = ()

    def __get__(self, msg: Any, owner: Any = None) -> Any:
        if msg is None:
            return self
        return msg._make_readable_state()


class _IncomingCore(_EmitterCore):
    """``IncomingMessage``'s state and hot methods (the class is below).

    Compiled, ``_incoming.pxd`` makes this an extension type whose state, the
    names of ``_DEFAULTS``, is C fields.
    """

    # The C fields a Python subclass's class attributes must not shadow
    # (see _outgoing._take_field_defaults).
    _field_names = frozenset(_DEFAULTS)

    def __cinit__(self) -> None:
        # Compiled only (an extension type's allocator): the defaults that are
        # not None, then a Python subclass's class attributes (_OVERRIDES).
        self.http_version_major = 1
        self.http_version_minor = 1
        self.http_version = "1.1"
        self.url = ""
        self.complete = False
        self.aborted = False
        self.upgrade = False
        self._consuming = False
        self._dumped = False
        self.join_duplicate_headers = False
        self._eof_pending = False
        self._retired = False
        if _OVERRIDES:
            apply_overrides(self, _OVERRIDES)

    def __init__(self, socket: Any) -> None:
        # Readable.__init__ without its state: the ReadableState is made when
        # the stream API is first used (see _readable_state), and a request
        # without a body that nobody reads never needs one.
        self._events = {}
        self._max_listeners = None
        self.socket = socket
        self._on_read = None  # the connection's hook, set by it
        self.raw_headers: list[str] = []
        self.raw_trailers: list[str] = []

    # Compiled: the C field _rs, made on first use. (Pure Python: replaced by a
    # _LazyReadableState below, which leaves the state in the instance dict.)
    @property
    def _readable_state(self) -> ReadableState:
        state = self._rs
        if state is None:
            state = self._make_readable_state()
        return state

    @_readable_state.setter
    def _readable_state(self, value: ReadableState) -> None:
        self._rs = value

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
        self._rs = state
        self._readable_state = state  # pure: the instance's own from now on
        return state

    # -- lazy end of body ------------------------------------------------------
    def _end_body(self) -> None:
        """The parser saw the end of the message."""
        self.complete = True
        if not self._events and (self._rs is None or (
                self._rs.flowing is None and not self._consuming)):
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
            if self._rs is None:
                self._eof_pending = False
                self._retired = self._dumped = True
                return
            if not self._rs.length:
                self._eof_pending = False
                self._rs.ended = self._rs.end_emitted = True
                self._rs.destroyed = self._rs.closed = self._rs.close_emitted = True
                self._dumped = True
                return
        if self._rs is None:
            self._make_readable_state()
        if not self._rs.end_emitted:  # not readable_ended
            self._dump()

    # Readable's methods named directly (not super()): these run several times
    # per message, and the class layout is fixed.
    def _add(self, event: str, listener: Any, prepend: bool) -> Any:
        if self._eof_pending:
            self._flush_eof()
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

    # -- Readable hooks -----------------------------------------------------
    def _read(self, size: int) -> None:
        self._consuming = True
        hook = self._on_read
        if hook is not None:
            hook()

    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        if self._rs is None:
            self._make_readable_state()
        if not self._rs.end_emitted or not self.complete:  # readable_ended
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


class IncomingMessage(_IncomingCore, Readable):
    """Node's ``http.IncomingMessage``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _take_field_defaults(cls)

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

    @property
    def headers_distinct(self) -> dict[str, list[str]]:
        """Every header's values as a list, under its lower-cased name."""
        return distinct_from_raw(self.raw_headers)

    @property
    def trailers_distinct(self) -> dict[str, list[str]]:
        """Every trailer's values as a list (filled once the body ended)."""
        return distinct_from_raw(self.raw_trailers)

    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None,
                    ) -> IncomingMessage:
        if callback is not None:
            self.on("timeout", callback)
        if self.socket is not None:
            self.socket.set_timeout(msecs)
        return self



if type(vars(_IncomingCore).get("complete")) is not GetSetDescriptorType:
    # Pure Python: the defaults are class attributes, and the Readable state
    # lands in the instance dict on first use.
    for _name, _value in _DEFAULTS.items():
        setattr(_IncomingCore, _name, _value)
    _IncomingCore._readable_state = _LazyReadableState()  # type: ignore[assignment]


def _on_error(msg: IncomingMessage, err: BaseException | None,
              callback: Callable[..., Any]) -> None:
    # Node's IncomingMessage onError: "An error is emitted only if there are
    # listeners attached to the event" (req.destroy(err) alone never crashes).
    callback(err if msg.listener_count("error") else None)
