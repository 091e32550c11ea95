# cython: nonecheck=True
# (Compiled: a socket whose subclass never ran Socket.__init__ has no Runtime;
# a typed _rt that is None raises AttributeError as in pure Python.)
"""Node's ``net`` module: ``Socket`` and ``Server`` on asyncio protocols/transports.

Owns TCP and unix-socket I/O: listening in every form Node accepts,
connecting, half-close, timeouts, ref counting, byte counters and Node's
error codes. It does not know HTTP, but it lets a protocol parser attach to
a socket the way Node's http parser does.

The consumer hook (:meth:`Socket.attach_consumer` and
:meth:`Socket.detach_consumer`; one writer of its bound hooks,
``Socket._consumer_changed``): a consumer is an object with
``on_data(view)``, ``on_eof()`` and ``on_drain()``. While one is attached,
received bytes go straight to ``on_data`` instead of through the Readable
side (the view is into a reused buffer: copy what you keep), the peer's EOF
to ``on_eof``, and the transport's drain to ``on_drain``; a consumer may also
have ``on_timeout()``, called after the socket's ``'timeout'`` listeners (a
timeout reaches it without adding a listener). ``Socket.consumer`` is the
attached one (or None). The socket's own ``'data'`` listeners, if it has any,
hear each read too, after the consumer (Node's socket emits to its parser's
listener and the application's); with none, a read is the one call to
``on_data``.

:func:`consumable` returns the I/O object the http layer uses for a stream:
a Socket itself, or for any other stream (Node speaks HTTP over any Duplex)
its :class:`StreamAdapter`, which offers the same hooks without setting
anything on the application's object: its consumer listens to the stream's
``'data'``, ``'end'`` and ``'drain'``, and ``_write_raw`` is its ``write()``.

The friend hooks (``FRIEND_HOOKS``, the only private names of a Socket that
another NodeKit module may use; ``tests/test_privates.py`` checks it):
``_write_raw(data)`` sends bytes without the Writable machinery when nothing
is queued there; ``_pause_reading()`` / ``_resume_reading()`` switch the
transport's reading for a consumer's back-pressure; ``_switch_timeout(ms)``
moves the socket to another idle-timer list without Node's ``setTimeout``
side effects (the server's keep-alive timer); ``_rt`` is the socket's runtime (its loop's
``next_tick``); ``_http_message`` is Node's ``socket._httpMessage`` (the
message using the socket now) and ``_http_connection`` the http layer's
per-connection object (net never reads either).

Three declared hooks let a secure layer (``tls``) sit between the transport
and the socket: ``Socket._wrap_transport(transport, protocol)`` runs when the
plain connection exists and may take it over (returning True), calling
``protocol.connection_made(secure_transport)`` once its handshake is done;
``Server._new_socket()`` makes the socket for each accepted connection.
``Socket._adopt_connection(other)`` offers another socket's open connection
to ``_wrap_transport`` (Node's ``new tls.TLSSocket(socket)``).

One declared hook lets a cluster worker share its primary's port
(``nodekit.cluster`` sets it, with :func:`set_shared_listen`, in worker
processes only): ``hook(server, protocol_factory, opts, backlog)``, a
coroutine function, runs for every ``listen()`` on a port, a Unix path or
``{'fd': n}`` and returns what ``loop.create_server`` would (an object with
``close()`` and ``sockets``, whose first ``getsockname()`` is the address),
or None for a server that binds its own socket (``exclusive``,
``reuse_port``; the hook still knows of it), or raises ``OSError`` for the
primary's bind error. A ``listen(handle)`` (a socket of this process) does
not go through it.
``tls.TLSSocket`` also overrides ``_destroy``, ``_force_close`` and
``_on_connection_lost`` (to stop a handshake and to give TLS errors their
Node codes).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import socket as _socket
import stat
import struct
import weakref
from collections.abc import Callable
from typing import Any

from . import _friends, runtime
from ._cores import (
    Overrides,
    apply_overrides,
    c_fields,
    install_class_defaults,
    take_field_defaults,
)
from .abort import on_abort, validate_abort_signal
from .errors import (
    NodeError,
    NodeTypeError,
    NodeValueError,
    SystemError_,
    system_error,
    validate_options,
)
from .events import EventEmitter, _EmitterCore
from .runtime import Runtime
from .stream import Duplex

try:
    # Compiled: Cython's own; @cython.locals types a function's locals as the
    # extension types of net.pxd, so their fields are read directly.
    import cython
except ImportError:  # pure Python where Cython is not installed: no effect
    from ._cython_shim import cython  # type: ignore[no-redef]

__all__ = [
    "FRIEND_HOOKS", "Socket", "Server", "StreamAdapter", "consumable", "create_server", "connect",
    "create_connection", "is_ip", "is_ipv4", "is_ipv6", "set_shared_listen",
    "get_default_auto_select_family", "set_default_auto_select_family",
    "get_default_auto_select_family_attempt_timeout",
    "set_default_auto_select_family_attempt_timeout",
]

# Size of the receive buffer handed to the transport. There is one per loop
# (runtime.Runtime.recv_buffer), reused for every read of every socket of that
# loop: reads are consumed synchronously in buffer_updated (consumers copy
# what they keep), so sharing it within one loop is safe, an idle connection
# costs no buffer, and a large upload does not allocate (and let glibc trim
# and re-grow) 256 KiB per read. It is never shared across loops: loops may
# run in several threads (API.md §2), and a read on one would overwrite bytes
# the other is still parsing.
RECV_BUFFER_SIZE = runtime.RECV_BUFFER_SIZE
# Private names of a Socket other NodeKit modules may use (see the docstring).
# The friend hooks a Socket offers another module (declared in nodekit._friends).
FRIEND_HOOKS = _friends.owned_by("net.py")

# Bytes queued in a transport before write() reports back-pressure (Node: 16 KiB).
WRITE_HIGH_WATER = 16384


def is_ipv4(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
    except ValueError:
        return False


def is_ipv6(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value.split("%", 1)[0]), ipaddress.IPv6Address)
    except ValueError:
        return False


def is_ip(value: str) -> int:
    """4, 6, or 0 as Node's ``net.isIP``."""
    return 4 if is_ipv4(value) else 6 if is_ipv6(value) else 0


def _family(addr: str) -> str:
    return "IPv6" if ":" in addr else "IPv4"


# A Socket's per-connection state and its defaults: an idle keep-alive
# connection should cost little, so an instance stores only what differs
# (pure Python: the defaults are class attributes of _SocketCore; compiled:
# C fields, see net.pxd, set by _SocketCore.__cinit__).
_DEFAULTS: dict[str, Any] = {
    "_rt": None,  # the Runtime (set by __init__)
    "_transport": None,
    "_protocol": None,  # its _SocketProtocol
    "connecting": False,
    "_connect_queue": None,  # writes made while connecting: [(bytes, cb)]
    "_final_pending": None,
    "_write_cb": None,
    "_write_cb_bytes": 0,  # the chunk _write_cb waits for: in the transport already
    "bytes_read": 0,
    "_bytes_sent": 0,
    # The idle timer's period; None (Node's undefined) until set_timeout or the
    # http layer's _switch_timeout gives one (0: none).
    "_timeout_ms": None,
    # What Node's socket.timeout shows when it is not the timer's period: the
    # value set_timeout was given past TIMEOUT_MAX, or one it rejected (Node
    # stores it before checking it); with the _timeout_ms it was shown for.
    "_timeout_shown": None,
    "_idle": None,  # the _IdleList watching this socket
    "_last_active": 0.0,
    "_eof_sent": False,
    "_peer_ended": False,  # 'end' came and allow_half_open is False
    "_read_eof": False,  # EOF received (on the Readable path or by the consumer)
    # Write limits (0, 0): write_paused says exactly whether the transport
    # holds bytes, resume_writing when it is empty (after EOF, and while
    # end() waits for its flush).
    "_watch_flush": False,
    "_final_cb": None,  # end()'s, once the flush is done
    "_reading_paused": False,
    # Paused by net as it connected (pause_on_connect, or paused before the
    # connect), not by a consumer: resume() reads again even with a consumer
    # attached (Node's resume() starts the handle's reads for its parser too).
    "_paused_at_connect": False,
    "_closed": False,
    "_had_error": False,
    "server": None,
    "_local": None,
    "_remote": None,
    "_is_unix": False,
    # The attached consumer and its hooks, bound once when it changes (written
    # only by _consumer_changed: attach/detach, or a 'data' listener added):
    "consumer": None,
    "_data_consumer": None,
    "_eof_consumer": None,
    "_drain_hook": None,
    "_timeout_hook": None,
    # Owned by the http layer (friend hooks; net never reads them):
    "_http_message": None,
    "_http_connection": None,
    "_pending_no_delay": None,
    "_pending_keep_alive": None,
    "_keep_alive_set": None,
}


class _SocketCore(_EmitterCore):
    """``Socket``'s connection state and its hot methods (the class is below).

    Compiled, ``net.pxd`` makes this an extension type whose state, the names
    of ``_DEFAULTS``, is C fields: these methods read and set them directly
    instead of through look-ups along Socket's long MRO. In pure Python the
    same defaults are class attributes, set after the class.
    """

    # The C fields a Python subclass's class attributes must not shadow (see
    # _take_field_defaults).
    _field_names = frozenset(_DEFAULTS)

    def __cinit__(self) -> None:
        # Compiled only (an extension type's allocator): the defaults that are
        # not None (C fields start as None; _last_active is a C double), then
        # what a Python subclass gives as class attributes (taken off the class
        # by Socket.__init_subclass__).
        self.connecting = False
        self._write_cb_bytes = 0
        self.bytes_read = 0
        self._bytes_sent = 0
        self._eof_sent = False
        self._peer_ended = False
        self._read_eof = False
        self._watch_flush = False
        self._reading_paused = False
        self._paused_at_connect = False
        self._closed = False
        self._had_error = False
        self._is_unix = False
        if _OVERRIDES:  # (empty unless a subclass gave a field a class attribute)
            apply_overrides(self, _OVERRIDES)

    def _reset_fields(self, names: tuple[str, ...]) -> None:
        """Back to the defaults (a subclass's own, if it gave one): Node's
        connect() on a destroyed socket starts its connection state over."""
        if not _C_FIELDS:  # pure Python: back to the class attribute
            for name in names:
                self.__dict__.pop(name, None)
            return
        own = dict(_OVERRIDES.get(type(self), ()))
        for name in names:
            setattr(self, name, own.get(name, _DEFAULTS[name]))

    def _read(self, size: int) -> None:
        if self._reading_paused and self._data_consumer is None:
            self._resume_reading()

    def _pause_reading(self) -> None:
        if not self._reading_paused:
            self._reading_paused = True
            t = self._transport
            if t is not None and not t.is_closing():
                t.pause_reading()
                self._sync_activity()

    def _resume_reading(self) -> None:
        if self._reading_paused:
            self._reading_paused = False
            if self._paused_at_connect:
                self._paused_at_connect = False
            t = self._transport
            if t is not None and not t.is_closing():
                p = self._protocol
                if p is not None and p.held is not None:
                    p.replay_soon()  # resumes the transport after the held bytes
                else:
                    t.resume_reading()
                if self._inactive:
                    self._sync_activity()

    def _on_eof(self) -> None:
        eof = self._eof_consumer
        if eof is not None:
            eof()
        else:
            self.push(None)
            # Node's onStreamRead does push(null) + read(0): with nothing
            # buffered, 'end' comes even if nobody ever read the socket.
            self.read(0)
        if not self.destroyed and self._transport is not None:
            # Reading is over, whoever took the EOF (libuv's rule: the handle
            # is no longer reading).
            self._read_eof = True
            self._flush_watch()
            self._sync_activity()

    def _flush_watch(self) -> None:
        if not self._watch_flush:
            self._watch_flush = True
            self._transport.set_write_buffer_limits(high=0, low=0)

    def _sync_activity(self) -> None:
        """libuv's rule, which Node's exit follows: a socket that is not
        reading (it read EOF, or reading is stopped: paused at connect, or
        back-pressure) and is not writing, shutting down or closing is an
        inactive handle, and does not keep ``run()`` going even with unread
        data (Node exits; the socket stays open)."""
        p = self._protocol
        inactive = ((self._read_eof or self._reading_paused) and not self.destroyed
                    and self._final_cb is None and not (p is not None and p.write_paused))
        if inactive is not self._inactive:
            self._inactive = inactive
            self._recount()

    def _send(self, data: bytes, cb: Callable[..., Any] | None) -> None:
        t = self._transport
        if t is None or t.is_closing():
            if cb is not None:
                cb(_closed_error() if t is None or self.destroyed or self.writable_ended
                   else _write_ebadf())
            return
        self._bytes_sent += len(data)
        t.write(data)
        if self._timeout_ms:
            _touch_socket(self)  # Node: writing is activity too
        if self._inactive:
            self._sync_activity()  # a write past EOF: active until it is out
        if cb is None:
            return
        if self._protocol is not None and self._protocol.write_paused:
            # Node calls the write callback once the kernel took the data.
            self._write_cb = cb
            self._write_cb_bytes = len(data)
        else:
            cb()

    def _write_raw(self, data: bytes) -> bool:
        """Send ``data`` now (the HTTP fast path); False means back-pressure."""
        return self._write_raw_c(data)

    def _write_raw_c(self, data: bytes) -> bool:
        """``_write_raw``; compiled, a C method (net.pxd's cdef) for the http
        layer's typed calls (the friend hook).

        Goes through the Writable side only when that has bytes queued (or the
        socket is still connecting), so ordering is kept; after ``end()`` the
        bytes are dropped, as nothing may follow our FIN.
        """
        t = self._transport
        if t is None or self._writable_state.length:
            if self.connecting or (t is not None and not self._eof_sent):
                return self.write(data)
            return False
        if self._eof_sent or t.is_closing():
            return False
        self._bytes_sent += len(data)
        t.write(data)
        if self._timeout_ms:
            _touch_socket(self)
        return not self._protocol.write_paused  # type: ignore[union-attr]

    def _on_writable(self) -> None:
        cb, self._write_cb = self._write_cb, None
        if cb is not None:
            self._write_cb_bytes = 0
            cb()
        hook = self._drain_hook
        if hook is not None:
            hook()
        if self._watch_flush:
            if self._final_cb is not None:
                # Not inline: the transport is inside its own write path, and
                # 'finish' may close it (destroy_soon).
                rt = self._rt
                rt.loop.call_soon(rt.call, self._final_done)
            else:
                self._sync_activity()
        elif self._reading_paused:
            self._sync_activity()  # its write done, a socket not reading goes inactive

    def _switch_timeout(self, msecs: float) -> None:
        """Start a fresh inactivity period of ``msecs`` (0: none)."""
        self._switch_timeout_c(msecs)

    def _switch_timeout_c(self, msecs: float) -> None:
        """``_switch_timeout``; compiled, a C method (net.pxd's cdef) the http layer
        calls on a typed socket without a look-up (the friend hook).

        Runs twice per keep-alive HTTP request (server timeout <-> keep-alive
        timeout): the list moves are inlined (_IdleList.remove, _touch)."""
        idle = self._idle
        if idle is not None:
            if msecs == self._timeout_ms and type(msecs) is type(self._timeout_ms):
                # The same period (the same list): the activity moves the socket
                # to the list's end, as a read or write would.
                self._last_active = self._rt.loop.time()
                idle.sockets.pop(self, None)
                idle.sockets[self] = None
                return
            idle.sockets.pop(self, None)
            self._idle = None
        self._timeout_ms = msecs
        if msecs and not self._closed:
            rt = self._rt
            now = self._last_active = rt.loop.time()
            idle = rt.idle_lists.get(msecs)
            if idle is None:
                idle = _idle_list(rt, msecs)
            self._idle = idle
            # _IdleList.add, inlined: the socket is in no list now (a socket is
            # in the list its _idle names, and it left that one above).
            idle.sockets[self] = None
            if idle.timer is None:
                idle.timer = rt.loop.call_at(now + idle.seconds, idle._fire)

    @property
    def timeout(self) -> float:
        ms = self._timeout_ms
        shown = self._timeout_shown
        if shown is not None and shown[1] == ms:
            return shown[0]
        return ms

    def _touch(self) -> None:
        """Activity: this socket's idle period starts again."""
        _touch_socket(self)

    def _cancel_timer(self) -> None:
        idle = self._idle
        if idle is not None:
            idle.sockets.pop(self, None)
            self._idle = None


def _touch_socket(sock: _SocketCore) -> None:
    """Activity: ``sock``'s idle period starts again (a function: compiled, a C
    call from the read and write paths, net.pxd)."""
    now = sock._rt.loop.time()
    idle = sock._idle
    if idle is not None:
        if now == sock._last_active:
            return  # touched already at this loop time (uvloop's clock is per iteration)
        sock._last_active = now
    else:
        if sock._closed:
            return
        sock._last_active = now
        idle = sock._idle = _idle_list(sock._rt, sock._timeout_ms)
    # _IdleList.add, inlined.
    sockets = idle.sockets
    sockets.pop(sock, None)
    sockets[sock] = None
    if idle.timer is None:
        idle.timer = idle.loop.call_at(now + idle.seconds, idle._fire)


# Compiled: the C fields (data descriptors on _SocketCore); empty in pure Python.
_C_FIELDS = c_fields(_SocketCore, _DEFAULTS)
# Compiled: a Python subclass's class attributes naming C fields, which the C
# field would otherwise hide: set per instance by __cinit__ (nodekit/_cores.py).
_OVERRIDES: Overrides = {}
if not _C_FIELDS:
    install_class_defaults(_SocketCore, _DEFAULTS)
    # Pure Python: the hooks are their C methods' bodies themselves (no call
    # through the wrapper that a compiled caller skips anyway).
    _SocketCore._write_raw = _SocketCore._write_raw_c  # type: ignore[method-assign]
    _SocketCore._switch_timeout = _SocketCore._switch_timeout_c  # type: ignore[method-assign]


def _take_field_defaults(cls: type) -> None:
    """A subclass's class attributes that name C fields move to ``_OVERRIDES``,
    inherited ones included: on the class they would shadow the field."""
    if _C_FIELDS:  # (pure Python: class attributes are the defaults' own mechanism)
        take_field_defaults(cls, _C_FIELDS, _OVERRIDES)



class _SocketProtocol(asyncio.BufferedProtocol):
    """The transport's protocol: routes bytes, EOF and flow control to a Socket."""

    __slots__ = ("socket", "transport", "write_paused", "buffer", "handed", "resuming",
                 "held", "held_eof", "replaying")

    def __init__(self, sock: Socket) -> None:
        self.socket = sock
        self.transport: asyncio.Transport | None = None
        self.write_paused = False
        # The receive buffer of the loop the transport runs on (this one: the
        # loop creates a protocol when it accepts or connects).
        self.buffer: memoryview = runtime.current().recv_buffer
        self.handed = self.buffer  # what get_buffer gave the transport last
        self.resuming = False  # inside resume_writing (see _close_transport)
        # A read the transport made while the socket was paused (see hold()),
        # unread and uncounted until the socket reads again; the peer's EOF
        # that came after it; a replay is scheduled.
        self.held: bytes | None = None
        self.held_eof = False
        self.replaying = False

    # Every transport callback is a NodeKit callback scope: an exception is
    # uncaught (Node's rule) and ticks queued inside run as soon as it returns.
    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        rt = self.socket._rt
        rt.enter()
        try:
            self.socket._on_connection_made(transport, self)
        except BaseException as exc:  # noqa: BLE001
            rt.uncaught(exc)
        finally:
            rt.leave()

    @cython.locals(sock=_SocketCore)
    def get_buffer(self, sizehint: int) -> memoryview:
        sock = self.socket
        if sock._rt.depth:
            # A read from inside a callback: asyncio's ssl transport reads on
            # when a consumer closes it (close -> flush -> read), and any TLS
            # socket of this loop closed by a handler does the same. The loop's
            # buffer may still be being parsed by a caller below: never hand it
            # out again, give this read a buffer of its own.
            self.handed = memoryview(bytearray(max(sizehint, 16384)))
        else:
            self.handed = self.buffer
        return self.handed

    @cython.locals(sock=_SocketCore, rt=Runtime)
    def buffer_updated(self, nbytes: int) -> None:
        sock = self.socket
        if sock._reading_paused:
            self.hold(nbytes)
            return
        rt = sock._rt
        rt.enter()
        try:
            sock.bytes_read += nbytes
            if sock._timeout_ms:
                _touch_socket(sock)
            consumer = sock._data_consumer
            if consumer is not None:
                # The consumer must copy what it keeps: the buffer is reused.
                consumer(self.handed[:nbytes])
            elif not sock.push(bytes(self.handed[:nbytes])):
                sock._pause_reading()
        except BaseException as exc:  # noqa: BLE001 - a listener's error is uncaught
            rt.uncaught(exc)
        finally:
            rt.leave()

    def hold(self, nbytes: int) -> None:
        """A read made while the socket is paused: a pause the transport did
        not take (uvloop starts reading once connection_made returns, whatever
        the protocol asked: a ``pause_on_connect`` socket, or one paused before
        it connected), or a TLS transport's early records. Node reads nothing
        then: the bytes wait here, unread (``bytes_read`` does not count them),
        and the transport stops; ``replay_soon`` delivers them when the socket
        reads again. The one copy: the loop's receive buffer is reused."""
        chunk = bytes(self.handed[:nbytes])
        self.held = chunk if self.held is None else self.held + chunk
        t = self.transport
        if t is not None and not t.is_closing():
            t.pause_reading()

    def replay_soon(self) -> None:
        """The socket reads again and bytes are held: deliver them on the next
        loop turn (as a read would come; not inside ``resume()``), then let the
        transport read on. The transport stays paused until then, so later
        bytes cannot overtake the held ones."""
        if not self.replaying:
            self.replaying = True
            self.socket._rt.loop.call_soon(self._replay)

    def _replay(self) -> None:
        self.replaying = False
        sock, t, held = self.socket, self.transport, self.held
        if sock._reading_paused or held is None or t is None or t.is_closing():
            return  # paused again (the next resume replays) or gone
        self.held = None
        # Delivered as the read it was (counted, the timer touched, to the
        # consumer or pushed); get_buffer hands out the loop's buffer again
        # before the transport's next read.
        self.handed = memoryview(held)
        self.buffer_updated(len(held))
        if self.held_eof:
            self.held_eof = False
            self._scoped(sock._on_eof)
        if not sock._reading_paused and not t.is_closing():
            t.resume_reading()

    def eof_received(self) -> bool:
        if self.held is not None:
            self.held_eof = True  # after the held bytes, when they are replayed
            return True
        self._scoped(self.socket._on_eof)
        return True  # keep the transport open for writing (half-close)

    def connection_lost(self, exc: Exception | None) -> None:
        self._scoped(self.socket._on_connection_lost, exc)

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        self.resuming = True
        try:
            self._scoped(self.socket._on_writable)
        finally:
            self.resuming = False

    def _scoped(self, fn: Callable[..., Any], *args: Any) -> None:
        rt = self.socket._rt
        rt.enter()
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001
            rt.uncaught(exc)
        finally:
            rt.leave()


class _Handle:
    """Node's handle ref counting, shared by Socket and Server: while a handle
    is open (``_hold``), ref'd and active, it keeps ``run()`` going; an open
    one is also registered so that ``run()`` can close it after an uncaught
    error. A handle is active unless it says otherwise (``_inactive``: a
    socket past EOF with nothing to write, as libuv's handle after
    ``uv_read_stop`` with no write request pending)."""

    _rt: runtime.Runtime
    _refd = True
    _holds_ref = False  # open: registered in rt.handles
    _inactive = False
    _counted = False  # counted in rt.refs

    def _recount(self) -> None:
        want = self._holds_ref and self._refd and not self._inactive
        if want is not self._counted:
            self._counted = want
            if want:
                self._rt.ref()
            else:
                self._rt.unref()

    def _hold(self) -> None:
        if not self._holds_ref:
            self._holds_ref = True
            self._rt.handles.add(self)
            self._recount()

    def _release(self) -> None:
        if self._holds_ref:
            self._holds_ref = False
            self._rt.handles.discard(self)
            self._recount()

    def ref(self) -> Any:
        if not self._refd:
            self._refd = True
            self._recount()
        return self

    def unref(self) -> Any:
        if self._refd:
            self._refd = False
            self._recount()
        return self

    def has_ref(self) -> bool:
        return self._refd


class _IdleList:
    """Node's timer list: the sockets sharing one timeout duration, oldest
    activity first, watched by one loop timer. Activity moves a socket to the
    end (two dict operations) instead of re-arming a timer per socket, and an
    idle connection holds no timer handle of its own."""

    __slots__ = ("loop", "seconds", "sockets", "timer")

    def __init__(self, loop: asyncio.AbstractEventLoop, msecs: float) -> None:
        self.loop = loop
        self.seconds = msecs / 1000.0
        self.sockets: dict[Socket, None] = {}
        self.timer: asyncio.TimerHandle | None = None

    def add(self, sock: Socket, now: float) -> None:
        sockets = self.sockets
        sockets.pop(sock, None)
        sockets[sock] = None
        if self.timer is None:
            self.timer = self.loop.call_at(now + self.seconds, self._fire)

    def remove(self, sock: Socket) -> None:
        # The loop timer is left armed even when the list empties: a
        # keep-alive connection leaves and rejoins its list on every request,
        # and one wasted wake-up per period is cheaper than a timer per request.
        self.sockets.pop(sock, None)

    def _fire(self) -> None:
        self.timer = None
        now = self.loop.time()
        expired = []
        for sock in self.sockets:
            due = sock._last_active + self.seconds
            if due - now > 0.001:
                self.timer = self.loop.call_at(due, self._fire)
                break
            expired.append(sock)
        for sock in expired:
            # Node: a fired socket timer stays off until the next activity.
            del self.sockets[sock]
            sock._idle = None
            runtime.call(sock._timed_out)


def _idle_list(rt: runtime.Runtime, msecs: float) -> _IdleList:
    lists = rt.idle_lists
    lst = lists.get(msecs)
    if lst is None:
        lst = lists[msecs] = _IdleList(rt.loop, msecs)
    return lst


# The connection state connect() starts over on a destroyed socket.
_UNDESTROY_FIELDS = ("_closed", "_had_error", "_read_eof", "_eof_sent", "_peer_ended",
                     "_local", "_remote", "_is_unix", "_final_cb", "_final_pending",
                     "_write_cb", "_write_cb_bytes", "_watch_flush", "_protocol",
                     "bytes_read", "_bytes_sent", "_keep_alive_set")


class Socket(_SocketCore, _Handle, Duplex):
    """Node's ``net.Socket``: a Duplex over a TCP or unix-socket transport."""

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if kwargs:
            options = {**(options or {}), **kwargs}
        half_open = bool(options.get("allow_half_open", False)) if options else False
        marks = {key: options[key] for key in _SOCKET_MARKS if key in options} if options else {}
        hwm = options.get("high_water_mark") if options else None
        if hwm is not None:
            marks["high_water_mark"] = _check_high_water_mark(hwm)
        super().__init__(allow_half_open=half_open, emit_close=False, **marks)
        self._rt = runtime.current()
        if options:
            self._connect_options(options)
        # Node's onReadableStreamEnd: once the peer's FIN has ended a socket
        # that is not half-open, a write gets EPIPE (see write()).
        self.on("end", self._on_readable_end)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _take_field_defaults(cls)

    def __repr__(self) -> str:
        state = "connecting" if self.connecting else ("closed" if self._closed else "open")
        return f"<Socket {state} {self.remote_address}:{self.remote_port}>"

    def _force_close(self) -> None:
        if self._transport is not None:
            self._transport.abort()
        self._release()

    # -- connecting ---------------------------------------------------------
    def connect(self, *args: Any, **kwargs: Any) -> Socket:
        """``connect(port, host='localhost', callback)``, ``connect(path, cb)`` or
        ``connect({'port':…, 'host':…, 'path':…, 'local_address':…}, cb)``."""
        opts, callback = _normalize_connect_args(args, kwargs)
        if callback is not None:
            self.once("connect", callback)
        if self._transport is not None or self.connecting:
            raise NodeError("ERR_SOCKET_CONNECTION_ALREADY_OPEN", "Socket is already open")
        if self.destroyed:
            self._undestroy()
        self.connecting = True
        self._hold()
        if opts.get("timeout"):
            self.set_timeout(opts["timeout"])
        self._rt.loop.create_task(self._do_connect(opts))
        return self

    async def _do_connect(self, opts: dict[str, Any]) -> None:
        loop = self._rt.loop
        path = opts.get("path")
        host = opts.get("host") or "localhost"
        port = opts.get("port")
        try:
            if path is not None:
                self._is_unix = True
                await loop.create_unix_connection(lambda: _SocketProtocol(self), path)
            else:
                family = int(_FAMILIES.get(opts.get("family"), opts.get("family")) or 0)
                lookup = opts.get("lookup")
                if lookup is not None and not is_ip(host):
                    if _auto_select(opts, family):
                        await self._connect_multiple(lookup, host, int(port), opts)
                        return
                    host, family = await self._lookup(lookup, host, family)
                fam = {4: _socket.AF_INET, 6: _socket.AF_INET6}.get(family, 0)
                await loop.create_connection(lambda: _SocketProtocol(self), host, int(port),
                                             local_addr=_local_addr(opts, host, family),
                                             family=fam)
        except (_socket.gaierror, UnicodeError) as exc:
            # (UnicodeError: a name IDNA cannot encode, e.g. a label over 63
            # chars, is never sent to getaddrinfo; Node's lookup fails the same.)
            err = SystemError_(getattr(exc, "errno", None) or 0, "ENOTFOUND", "getaddrinfo", host)
            err.hostname = host  # type: ignore[attr-defined]
            self._fail_connect(err)
        except OSError as exc:
            self._fail_connect(system_error(exc, "connect", path or host, None if path else port))
        except Exception as exc:  # noqa: BLE001
            self._fail_connect(exc)
        finally:
            self._keep_paused()

    def _keep_paused(self) -> None:
        """uvloop starts reading once connection_made returns, whatever the
        protocol asked: a socket paused before connect stops again here, as
        soon as the connect completes (a read that came first is held unread:
        ``_SocketProtocol.hold``)."""
        t = self._transport
        if self._reading_paused and t is not None and not t.is_closing() and t.is_reading():
            t.pause_reading()

    async def _lookup(self, lookup: Callable[..., Any], host: str,
                      family: int) -> tuple[str, int]:
        """Node's ``lookup`` connect option: ``lookup(hostname, options,
        callback(err, address, family))`` resolves ``host`` instead of the
        system resolver; ``'lookup'`` is emitted with what it answered."""
        fut: asyncio.Future[tuple[str, int]] = self._rt.loop.create_future()

        def callback(err: BaseException | None, address: Any = None, fam: Any = None) -> None:
            if isinstance(address, list) and address:  # the all=True answer form
                address, fam = address[0]["address"], address[0]["family"]
            self.emit("lookup", err, address, fam, host)
            _settle(fut, err, lambda: (address, int(fam or (6 if is_ipv6(address) else 4))))

        lookup(host, {"family": family, "hints": 0, "all": False}, callback)
        return await fut

    async def _connect_multiple(self, lookup: Callable[..., Any], host: str, port: int,
                                opts: dict[str, Any]) -> None:
        """Node's ``auto_select_family`` (happy eyeballs) over a ``lookup``: all
        its addresses, the families alternating (the first answer's first), tried
        in turn; an attempt neither connected nor failed after the attempt
        timeout is dropped for the next one (the last one waits). Each attempt
        is ``'connectionAttempt'``, then ``'connectionAttemptFailed'`` or
        ``'connectionAttemptTimeout'``; when all fail the socket's error is the
        first one's, with every attempt's in ``errors``."""
        loop = self._rt.loop
        addresses = _interleave(await self._lookup_all(lookup, host))
        seconds = _attempt_timeout(opts) / 1000.0
        errors: list[BaseException] = []
        self.auto_select_family_attempted_addresses = []
        for i, (address, family) in enumerate(addresses):
            if self.destroyed:
                return
            self.emit("connectionAttempt", address, port, family)
            self.auto_select_family_attempted_addresses.append(f"{address}:{port}")
            attempt = loop.create_connection(lambda: _SocketProtocol(self), address, port,
                                             local_addr=_local_addr(opts, address, family))
            try:
                await (asyncio.wait_for(attempt, seconds) if i < len(addresses) - 1
                       else attempt)
                return
            except TimeoutError:
                self.emit("connectionAttemptTimeout", address, port, family)
                errors.append(SystemError_(errno.ETIMEDOUT, "ETIMEDOUT", "connect", address))
            except OSError as exc:
                err = system_error(exc, "connect", address, port)
                self.emit("connectionAttemptFailed", address, port, family, err)
                errors.append(err)
        errors[0].errors = errors  # type: ignore[attr-defined] # (Node: an AggregateError)
        raise errors[0]

    async def _lookup_all(self, lookup: Callable[..., Any], host: str) -> list[tuple[str, int]]:
        """``lookup(host, {'all': True, ...}, callback(err, addresses))``: the
        ``(address, family)`` pairs, each also a ``'lookup'`` event. (An answer in
        the single-address form is taken as a list of one.)"""
        fut: asyncio.Future[list[tuple[str, int]]] = self._rt.loop.create_future()

        def callback(err: BaseException | None, addresses: Any = None, fam: Any = None) -> None:
            if isinstance(addresses, str):
                addresses = [{"address": addresses, "family": fam}]
            found = [] if err is not None else [
                (item["address"], int(item.get("family") or (6 if is_ipv6(item["address"]) else 4)))
                for item in addresses or ()]
            for address, family in found or [(None, None)]:
                self.emit("lookup", err, address, family, host)
            _settle(fut, err, lambda: found)

        lookup(host, {"family": 0, "hints": 0, "all": True}, callback)
        return await fut

    def _fail_connect(self, err: BaseException) -> None:
        self.connecting = False
        self._release()
        self.destroy(err)

    def _on_connection_made(self, transport: Any, protocol: _SocketProtocol) -> None:
        if self.destroyed:
            # Destroyed while connecting: 'close' was already emitted by _destroy.
            transport.abort()
            return
        self._local = transport.get_extra_info("sockname")
        self._remote = transport.get_extra_info("peername")
        if self._wrap_transport(transport, protocol):
            # A secure layer calls back with its own transport. An accepted
            # connection counts from the TCP accept, as in Node: close() waits
            # for it and get_connections() counts it while it handshakes.
            if self.server is not None and not self.server._on_socket_accepted(self):
                transport.abort()
            return
        self._transport = transport
        self._protocol = protocol
        self._hold()
        transport.set_write_buffer_limits(high=self._writable_state.high_water_mark)
        if isinstance(self._local, str) or self._is_unix:
            self._is_unix = True
        if self._pending_no_delay is not None:
            self.set_no_delay(self._pending_no_delay)
        if self._pending_keep_alive is not None:
            self.set_keep_alive(*self._pending_keep_alive)
        if self.connecting and self.is_paused() and self._data_consumer is None:
            # Node's afterConnect reads only if the socket is not paused.
            self._reading_paused = self._paused_at_connect = True
        if self._reading_paused:
            transport.pause_reading()
            self._sync_activity()  # libuv: a handle that is not reading is inactive
        if self.connecting:
            self.connecting = False
            # Node sends what was written while connecting from a 'connect'
            # listener: its callbacks come after 'connect' (the Writable keeps
            # later writes behind the queued one, so the bytes keep order).
            self.emit("connect")
            self._flush_connect_queue()
            self.emit("ready")
        elif self.server is not None:
            self.server._on_socket_made(self)

    def _wrap_transport(self, transport: Any, protocol: _SocketProtocol) -> bool:
        """Declared hook (see the module docstring): True if a subclass took
        the new plain ``transport`` over; a plain socket uses it as it is."""
        return False

    def _fail_connect_queue(self) -> None:
        """Destroyed while connecting: Node calls back each write made meanwhile
        with ERR_SOCKET_CLOSED_BEFORE_CONNECTION when the socket closes."""
        queue, self._connect_queue = self._connect_queue, None
        for _, cb in queue or ():
            if cb is not None:
                cb(NodeError("ERR_SOCKET_CLOSED_BEFORE_CONNECTION",
                             "Socket closed before the connection was established"))

    def _adopt_connection(self, other: Socket) -> bool:
        """Declared hook (``tls.TLSSocket(socket)``): ``other``'s open connection
        is offered to this socket as if it had just connected (``'connect'``
        when it is ready); ``other`` lets go of it (it no longer reads it, and
        destroying it closes only ``other``). False if ``other`` has no open
        connection."""
        transport = other._transport
        if transport is None or transport.is_closing():
            return False
        other.detach_consumer()
        # The connection is this socket's now: other's destroy() closes only other.
        other._transport = other._protocol = None
        self.connecting = not other.server  # (an accepted socket is no client)
        self._hold()
        self._on_connection_made(transport, _SocketProtocol(self))
        return True

    def _flush_connect_queue(self) -> None:
        queue, self._connect_queue = self._connect_queue, None
        for data, cb in queue or ():
            self._send(data, cb)
        final, self._final_pending = self._final_pending, None
        if final is not None:
            self._final(final)

    # -- the consumer hook -----------------------------------------------------
    def attach_consumer(self, consumer: Any) -> None:
        """Send received bytes, EOF and drain to ``consumer`` (see the module doc)."""
        self.consumer = consumer
        self._consumer_changed()

    def _consumer_changed(self) -> None:
        """The one writer of the consumer's bound hooks, recomputed when the
        consumer changes or a 'data' listener is added: the per-read path is
        then a single call (the consumer's ``on_data``, or ``_tee`` when the
        socket has 'data' listeners of its own)."""
        consumer = self.consumer
        if consumer is None:
            self._data_consumer = self._eof_consumer = None
            self._drain_hook = self._timeout_hook = None
            return
        self._data_consumer = self._tee if "data" in self._events else consumer.on_data
        self._eof_consumer = consumer.on_eof
        self._drain_hook = consumer.on_drain
        self._timeout_hook = getattr(consumer, "on_timeout", None)

    def _tee(self, view: Any) -> None:
        """The consumer's bytes, then the socket's own 'data' listeners: Node's
        socket emits each read to every listener, its parser's (the first one)
        included. Used only once the socket had a 'data' listener."""
        had_listeners = "data" in self._events  # (one added by the consumer gets the next read)
        self.consumer.on_data(view)
        if had_listeners and "data" in self._events:
            self.emit("data", bytes(view))

    def _add(self, event: str, listener: Any, prepend: bool) -> Socket:
        # EventEmitter's one way in for on/add_listener/prepend_listener/once
        # (Node's http server wraps the socket's on/addListener/prependListener).
        EventEmitter._add(self, event, listener, prepend)
        if event == "data" and self.consumer is not None:
            self._consumer_changed()
        return self

    def detach_consumer(self, consumer: Any = None) -> None:
        """Back to the Readable side; with ``consumer``, only if it is the one attached
        (a consumer that was replaced must not detach its successor)."""
        if consumer is None or self.consumer is consumer:
            self.consumer = None
            self._consumer_changed()

    # -- reading ------------------------------------------------------------

    # pause() only stops the flow, as in Node: kernel reads go on until the
    # buffer reaches the high-water mark (push() then pauses the transport), so
    # a paused socket still learns that its peer closed.

    def resume(self) -> Socket:
        super().resume()
        if self._data_consumer is None or self._paused_at_connect:
            # (With a consumer, only net's own pause: the consumer's stay its own.)
            self._resume_reading()
        return self

    def _undestroy(self) -> None:
        """Node's connect() on a destroyed socket: both stream states start
        over (as stream's undestroy does) and so do the connection's own."""
        r, w = self._readable_state, self._writable_state
        r.closed = r.close_emitted = r.destroyed = r.error_emitted = r.reading = False
        r.errored = None
        r.ended = r.end_emitted = r.readable is False
        r.end_scheduled = False
        w.destroyed = w.closed = w.close_emitted = w.error_emitted = False
        w.final_called = w.prefinished = False
        w.errored = None
        w.ended = w.ending = w.finished = w.writable is False
        self._reset_fields(_UNDESTROY_FIELDS)
        self._inactive = False

    def _connect_options(self, options: dict[str, Any]) -> None:
        """Node's ``noDelay`` / ``keepAlive`` / ``keepAliveInitialDelay``
        constructor options, applied once connected (the delay in whole
        seconds, a negative one as 0)."""
        if options.get("no_delay"):
            self._pending_no_delay = True
        if options.get("keep_alive"):
            delay = options.get("keep_alive_initial_delay") or 0
            self._pending_keep_alive = (True, max(0, int(delay / 1000)) * 1000)

    def _on_readable_end(self) -> None:
        if not self.allow_half_open:
            self._peer_ended = True

    def write(self, chunk: Any, encoding: Any = None,
              callback: Callable[..., Any] | None = None) -> bool:
        if self._peer_ended and self.writable_ended:
            return self._write_after_fin(encoding if callback is None else callback)
        return super().write(chunk, encoding, callback)

    def _write_after_fin(self, callback: Any) -> bool:
        """Node's writeAfterFIN: the peer ended the socket and so did we."""
        err = SystemError_(errno.EPIPE, "EPIPE")
        err.strerror = "This socket has been ended by the other party"
        err.args = (errno.EPIPE, err.strerror)
        if callable(callback):
            runtime.next_tick(callback, err)
        self.destroy(err)
        return False

    # -- writing ------------------------------------------------------------

    def _write(self, chunk: bytes, encoding: str, callback: Callable[..., Any]) -> None:
        if self.connecting:
            if self._connect_queue is None:
                self._connect_queue = []
            self._connect_queue.append((chunk, callback))
            return
        self._send(chunk, callback)

    def _writev(self, chunks: list[tuple[bytes, str]], callback: Callable[..., Any]) -> None:
        self._write(b"".join(c if type(c) is bytes else bytes(c) for c, _ in chunks),
                    "buffer", callback)

    def _final_done(self) -> None:
        cb, self._final_cb = self._final_cb, None
        if cb is not None:  # (None: destroyed meanwhile)
            cb()
            self._sync_activity()

    def _final(self, callback: Callable[..., Any]) -> None:
        if self.connecting:
            self._final_pending = callback
            return
        t = self._transport
        self._eof_sent = True
        if t is not None and not t.is_closing():
            if t.can_write_eof():
                try:
                    t.write_eof()
                except OSError as exc:  # asyncio's shutdown(2) runs at once
                    if exc.errno != errno.ENOTCONN:
                        callback(system_error(exc, "shutdown"))
                        return
                    # The peer reset the connection unseen (the socket was not
                    # reading): Node's _final takes UV_ENOTCONN as done.
                if t.get_write_buffer_size():
                    # Node's 'finish' comes when the shutdown request is done,
                    # after every queued write: destroy_soon() and end(cb)
                    # rely on it, and destroy() after it then drops nothing.
                    self._final_cb = callback
                    self._flush_watch()
                    self._sync_activity()  # a shutdown request is activity (libuv)
                    return
            else:
                t.close()
        callback()

    @property
    def bytes_written(self) -> int:
        return self._bytes_sent + self._writable_state.length - self._write_cb_bytes

    @property
    def writable_length(self) -> int:
        # Node's counts the bytes libuv has not written yet: here the Writable's
        # queue and the transport's buffer (the chunk whose callback waits is
        # counted by both).
        return self._writable_state.length - self._write_cb_bytes + self.write_buffer_size

    @property
    def write_buffer_size(self) -> int:
        t = self._transport
        return _unsent(t) if t is not None else 0

    @property
    def buffer_size(self) -> int | None:
        """Node's ``socket.bufferSize`` (an older name of ``writable_length``;
        None while there is no connection)."""
        return self.writable_length if self._transport is not None else None

    def destroy_soon(self) -> None:
        """End the writable side, then destroy once everything is flushed."""
        if self.writable:
            self.end()
        if self.writable_finished:
            self.destroy()
        else:
            self.once("finish", lambda *_: self.destroy())

    # -- closing ------------------------------------------------------------
    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        self.connecting = False
        self._cancel_timer()
        self._final_cb = None
        if self._inactive:
            self._sync_activity()  # a closing handle is active until it is closed
        t = self._transport
        if t is not None:
            if err is not None:
                self._had_error = True
            if getattr(self._protocol, "resuming", False):
                # A destroy from a 'drain' listener, inside resume_writing: asyncio's
                # socket transport (CPython 3.11 _write_ready), its buffer drained,
                # calls connection_lost itself when resume_writing returns if it is
                # closing, so a close() or abort() made now would run connection_lost
                # twice (the second raises in the loop). Stop reading now, close
                # when the transport has returned.
                t.pause_reading()
                self._rt.loop.call_soon(self._close_transport, t, err)
            else:
                self._close_transport(t, err)
        elif not self._closed:
            # Never connected (or connect failed): there is no connection_lost.
            self._closed = True
            self._had_error = err is not None
            self._release()
            callback(err)  # schedules 'error' first: Node emits 'close' after it
            runtime.next_tick(self._emit_close)
            return
        callback(err)

    def _close_transport(self, t: Any, err: BaseException | None) -> None:
        if err is not None:
            t.abort()
            return
        t.close()
        if _unsent(t):
            # Node's destroy() closes the handle at once and drops what the kernel
            # did not take: a peer that stops reading cannot hold the connection.
            # The loop gets one turn first, since uvloop sends a write at the end
            # of the turn, where libuv (Node) tries it at once.
            self._rt.loop.call_soon(_drop_unsent, t)

    def _on_connection_lost(self, exc: Exception | None) -> None:
        if self._closed and self._transport is None:
            return  # a transport aborted at birth (destroyed while connecting)
        self._transport = None
        self._closed = True
        self._cancel_timer()
        self._release()
        if exc is not None and _shutdown_unconnected(exc, self):
            # uvloop's shutdown(2) after end() failed with ENOTCONN: the peer
            # reset the connection while the socket was not reading. Node's
            # afterShutdown ignores the status, so the end is done and quiet.
            self._final_done()
            if not self.destroyed:
                self.destroy()
        elif exc is not None and not self.destroyed:
            self._had_error = True
            self.destroy(system_error(exc, "read"))
        elif not self.destroyed:
            self.destroy()
        runtime.next_tick(self._emit_close)

    def _emit_close(self) -> None:
        if self._connect_queue:
            self._fail_connect_queue()
        if self.server is not None:
            self.server._connection_closed(self)
        self.emit("close", self._had_error)

    # -- timeouts -----------------------------------------------------------
    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None) -> Socket:
        """Emit ``'timeout'`` after ``msecs`` of inactivity (0 disables)."""
        if self.destroyed:
            return self  # Node: nothing to time out, and nothing is checked
        given = msecs
        try:
            msecs = _check_msecs(msecs)
        except (TypeError, ValueError):
            # Node's setStreamTimeout sets this.timeout before the check: the
            # rejected value shows there, and the timer it had runs on.
            self._timeout_shown = (given, self._timeout_ms)
            raise
        if msecs == TIMEOUT_MAX or self._timeout_shown is not None:
            # Node's socket.timeout is the value given (2**31: the timer runs TIMEOUT_MAX).
            self._timeout_shown = (given, msecs) if given > TIMEOUT_MAX else None
        # Node (re)arms the timer before it checks the callback.
        self._switch_timeout(msecs)
        if callback is not None:
            if not callable(callback):
                raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "callback" argument must be '
                                    f"of type function. Received {callback!r}")
            if msecs == 0:
                self.remove_listener("timeout", callback)
            else:
                self.once("timeout", callback)
        return self

    def _timed_out(self) -> None:
        """The idle timer fired: ``'timeout'``, then the consumer's ``on_timeout``."""
        self.emit("timeout")
        hook = self._timeout_hook
        if hook is not None:
            hook()

    # -- options ------------------------------------------------------------
    def _raw_socket(self) -> Any:
        t = self._transport
        return t.get_extra_info("socket") if t is not None else None

    def set_no_delay(self, no_delay: bool = True) -> Socket:
        sock = self._raw_socket()
        if sock is None:
            self._pending_no_delay = no_delay
        elif not self._is_unix:
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1 if no_delay else 0)
        return self

    def set_keep_alive(self, enable: bool = False, initial_delay: int = 0) -> Socket:
        sock = self._raw_socket()
        if sock is None:
            self._pending_keep_alive = (enable, initial_delay)
            return self
        if self._is_unix or self._keep_alive_set == (enable, initial_delay):
            return self  # unchanged: a pooled socket re-parked costs no syscall
        self._keep_alive_set = (enable, initial_delay)
        sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE, 1 if enable else 0)
        if enable and initial_delay and hasattr(_socket, "TCP_KEEPIDLE"):
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_KEEPIDLE,
                            max(1, int(initial_delay) // 1000))
        return self

    def reset_and_destroy(self) -> Socket:
        """Node's ``resetAndDestroy()``: close the TCP connection with an RST
        (after the connect, if still connecting); a socket with no connection
        is destroyed with ERR_SOCKET_CLOSED."""
        if self._transport is None and not self.connecting:
            self.destroy(_closed_error())
        elif self._is_unix:
            raise NodeTypeError("ERR_INVALID_HANDLE_TYPE", "This handle type cannot be sent")
        elif self.connecting:
            self.once("connect", self._reset)
        else:
            self._reset()
        return self

    def _reset(self) -> None:
        sock = self._raw_socket()
        if sock is not None:
            # SO_LINGER on with a zero timeout: close() sends an RST.
            sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._transport.abort()
        self.destroy()

    # -- addresses ----------------------------------------------------------
    def address(self) -> dict[str, Any] | str:
        local = self._local
        if local is None:
            return {}
        if isinstance(local, str) or self._is_unix:
            return local if isinstance(local, str) else ""
        return {"address": local[0], "family": _family(local[0]), "port": local[1]}

    @property
    def remote_address(self) -> str | None:
        r = self._remote
        return r[0] if isinstance(r, tuple) else None

    @property
    def remote_family(self) -> str | None:
        r = self._remote
        return _family(r[0]) if isinstance(r, tuple) else None

    @property
    def remote_port(self) -> int | None:
        r = self._remote
        return r[1] if isinstance(r, tuple) else None

    @property
    def local_address(self) -> str | None:
        loc = self._local
        return loc[0] if isinstance(loc, tuple) else None

    @property
    def local_port(self) -> int | None:
        loc = self._local
        return loc[1] if isinstance(loc, tuple) else None

    @property
    def local_family(self) -> str | None:
        loc = self._local
        return _family(loc[0]) if isinstance(loc, tuple) else None

    @property
    def pending(self) -> bool:
        return self._transport is None

    @property
    def ready_state(self) -> str:
        if self.connecting:
            return "opening"
        if self._transport is None:
            return "closed"
        if self.readable and self.writable:
            return "open"
        return "readOnly" if self.readable else "writeOnly" if self.writable else "closed"


def consumable(stream: Any) -> Any:
    """The I/O object the http layer uses for ``stream``: a Socket as it is; for
    any other Writable or Duplex (Node speaks HTTP over any Duplex, and an
    OutgoingMessage writes through any Writable) its :class:`StreamAdapter`,
    one per stream and Runtime, so the application's object keeps only its own
    attributes."""
    if isinstance(stream, Socket):
        return stream
    if isinstance(stream, StreamAdapter):
        return stream
    adapters = runtime.current().cache("net.stream_adapters", weakref.WeakKeyDictionary)
    adapter = adapters.get(stream)
    if adapter is None:
        adapter = adapters[stream] = StreamAdapter(stream)
    return adapter


class StreamAdapter:
    """What a ``Socket`` offers a protocol on top of it (the consumer hook and the
    friend hooks), for a stream that is not a Socket. ``stream`` is the
    application's object (``req.socket``); nothing is set on it. The consumer
    listens to the stream's ``'data'``, ``'end'`` and ``'drain'`` while it is
    attached; writes go through ``write()``, back-pressure through
    ``pause()``/``resume()``; a stream without ``set_timeout`` has no idle
    timer, and one without ``destroy_soon`` is ended (Node's fallbacks)."""

    __slots__ = ("stream", "consumer", "listening", "_rt", "_message", "_http_connection",
                 "__weakref__")

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.consumer: Any = None
        self.listening: tuple[tuple[str, Callable[..., Any]], ...] = ()
        self._rt = runtime.current()
        self._message: Any = None
        self._http_connection: Any = None

    @property
    def _http_message(self) -> Any:
        """Node's ``socket._httpMessage``; the stream's own attribute when the
        application set one (Node's tests do), else the adapter's."""
        stream = self.stream
        if "_http_message" in getattr(stream, "__dict__", ()):
            return stream._http_message
        return self._message

    @_http_message.setter
    def _http_message(self, msg: Any) -> None:
        stream = self.stream
        if "_http_message" in getattr(stream, "__dict__", ()):
            stream._http_message = msg
        else:
            self._message = msg

    @property
    def destroyed(self) -> bool:
        return bool(self.stream.destroyed)

    @property
    def writable(self) -> bool:
        return bool(self.stream.writable)

    def attach_consumer(self, consumer: Any) -> None:
        self.detach_consumer()
        self.consumer = consumer
        self.listening = (("data", consumer.on_data), ("end", consumer.on_eof),
                          ("drain", consumer.on_drain))
        for event, listener in self.listening:
            self.stream.on(event, listener)

    def detach_consumer(self, consumer: Any = None) -> None:
        if consumer is None or self.consumer is consumer:
            for event, listener in self.listening:
                self.stream.remove_listener(event, listener)
            self.listening = ()
            self.consumer = None

    def _write_raw(self, data: bytes) -> bool:
        stream = self.stream
        if not stream.writable:
            return False  # ended or destroyed: nothing may follow (as a Socket's)
        return stream.write(data)

    def _switch_timeout(self, msecs: float) -> None:
        set_timeout = getattr(self.stream, "set_timeout", None)
        if set_timeout is not None:
            set_timeout(msecs)

    def _pause_reading(self) -> None:
        pause = getattr(self.stream, "pause", None)
        if pause is not None:  # a Duplex; a Writable is only written to
            pause()

    def _resume_reading(self) -> None:
        resume = getattr(self.stream, "resume", None)
        if resume is not None:
            resume()

    def destroy_soon(self) -> None:
        stream = self.stream
        destroy_soon = getattr(stream, "destroy_soon", None)
        if callable(destroy_soon):
            destroy_soon()
        else:
            stream.end()

    def destroy(self, err: BaseException | None = None) -> Any:
        return self.stream.destroy(err)


def _unsent(transport: Any) -> int:
    """Bytes the transport still holds. 0 for one already torn down: asyncio's
    SSL transport drops its protocol on a second close() (a destroy after end
    closed it), and then get_write_buffer_size() raises AttributeError."""
    try:
        return transport.get_write_buffer_size()
    except AttributeError:
        return 0


def _drop_unsent(transport: Any) -> None:
    if _unsent(transport):
        transport.abort()


# Node's socketToDnsFamily: connect() takes server.address()'s family names too.
_FAMILIES = {"IPv4": 4, "IPv6": 6}


def _shutdown_unconnected(exc: BaseException, sock: Socket) -> bool:
    """Whether a lost connection is the ENOTCONN of ``end()``'s shutdown(2)."""
    return sock._eof_sent and isinstance(exc, OSError) and exc.errno == errno.ENOTCONN


def _write_ebadf() -> SystemError_:
    """A write on a transport closed under the socket (Node: the handle was
    closed, its descriptor is gone)."""
    return SystemError_(errno.EBADF, "EBADF", "write")


def _closed_error() -> NodeError:
    return NodeError("ERR_SOCKET_CLOSED", "Socket is closed")


def _check_high_water_mark(value: Any) -> int:
    """Node's validateNumber(highWaterMark, 'options.highWaterMark', 0)."""
    if value is None:
        return WRITE_HIGH_WATER
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options.highWaterMark" property '
                            f"must be of type number. Received {value!r}")
    if value < 0:
        raise NodeValueError("ERR_OUT_OF_RANGE", 'The value of "options.highWaterMark" is '
                             f"out of range. It must be >= 0. Received {value!r}")
    return int(value)


TIMEOUT_MAX = runtime.TIMEOUT_MAX  # Node's largest timer duration (ms)
_check_msecs = runtime.timer_duration  # Node's getTimerDuration


def _normalize_connect_args(args: tuple[Any, ...], kwargs: dict[str, Any],
                            ) -> tuple[dict[str, Any], Callable[..., Any] | None]:
    args = list(args)
    callback = kwargs.pop("callback", None)
    if args and callable(args[-1]):
        callback = args.pop()
    if args and isinstance(args[0], dict):
        opts = dict(args[0])
    elif args and _is_pipe_name(args[0]):
        opts = {"path": args[0]}
    elif args:
        opts = {"port": args[0]}
        if len(args) > 1 and args[1] is not None:
            opts["host"] = args[1]
    else:
        opts = {}
    opts.update(kwargs)
    if "path" not in opts or opts["path"] is None:
        opts.pop("path", None)
        if opts.get("port") is None:
            raise NodeTypeError("ERR_MISSING_ARGS",
                                'The "options" or "port" or "path" argument must be specified')
        opts["port"] = _connect_port(opts["port"])
        _check_local(opts)
    if opts.get("auto_select_family") is not None:
        _check_bool(opts["auto_select_family"], "options.autoSelectFamily")
    if opts.get("auto_select_family_attempt_timeout") is not None:
        _check_int(opts["auto_select_family_attempt_timeout"],
                   "options.autoSelectFamilyAttemptTimeout")
    return opts, callback


def _check_local(opts: dict[str, Any]) -> None:
    """Node's checks of ``local_address`` / ``local_port`` in connect()."""
    local, local_port = opts.get("local_address"), opts.get("local_port")
    if local and not (isinstance(local, str) and is_ip(local)):
        raise NodeTypeError("ERR_INVALID_IP_ADDRESS", f"Invalid IP address: {local}")
    if local_port and (isinstance(local_port, bool)
                       or not isinstance(local_port, (int, float))):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options.localPort" property must '
                            f"be of type number. Received {local_port!r}")


def _port_number(value: Any) -> float | None:
    """JS ``Number(value)`` for a port given as a number or a string (None: NaN)."""
    if not isinstance(value, str):
        return float(value)
    text = value.strip()
    if not text:
        return 0.0
    if "_" in text:
        return None
    try:
        if text[:2].lower() in ("0x", "0o", "0b"):
            return float(int(text, 0))
        return float(text)
    except ValueError:
        return None


def _is_pipe_name(value: Any) -> bool:
    """Node's isPipeName: a string that is not a number >= 0 is a path."""
    if not isinstance(value, str):
        return False
    num = _port_number(value)
    return num is None or not num >= 0


def _connect_port(port: Any) -> int:
    """Node's check of a connect port: a number or numeric string in 0..65535."""
    if not isinstance(port, (int, float, str)) or isinstance(port, bool):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options.port" property must be of '
                            f"type number or string. Received {port!r}")
    num = _port_number(port)
    blank = isinstance(port, str) and not port.strip()
    if blank or num is None or not num.is_integer() or not 0 <= num <= 0xFFFF:
        raise NodeValueError("ERR_SOCKET_BAD_PORT",
                             f"Port should be >= 0 and < 65536. Received {port!r}.")
    return int(num)


def _local_addr(opts: dict[str, Any], host: str, family: int) -> tuple[str, int] | None:
    """Where to bind before connecting: ``local_address`` and/or ``local_port``
    (a port alone binds the wildcard address of the peer's family)."""
    local, local_port = opts.get("local_address"), int(opts.get("local_port") or 0)
    if not local and not local_port:
        return None
    if not local:
        local = "::" if family == 6 or is_ipv6(host) else "0.0.0.0"
    return (local, local_port)


def _settle(fut: asyncio.Future[Any], err: BaseException | None,
            result: Callable[[], Any]) -> None:
    """A lookup's first answer settles its future (a second one is ignored)."""
    if fut.done():
        return
    if err is not None:
        fut.set_exception(err)
    else:
        fut.set_result(result())


# -- auto_select_family (Node's happy eyeballs) ------------------------------------
_auto_select_default = True  # Node v20: --network-family-autoselection is on
_attempt_timeout_default = 250  # ms


def get_default_auto_select_family() -> bool:
    return _auto_select_default


def set_default_auto_select_family(value: bool) -> None:
    global _auto_select_default
    _auto_select_default = _check_bool(value, "value")


def get_default_auto_select_family_attempt_timeout() -> int:
    return _attempt_timeout_default


def set_default_auto_select_family_attempt_timeout(value: int) -> None:
    global _attempt_timeout_default
    _attempt_timeout_default = max(_check_int(value, "value"), 10)


def _check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", f'The "{name}" {_kind(name)} must be of '
                            f"type boolean. Received {value!r}")
    return value


def _check_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", f'The "{name}" {_kind(name)} must be of '
                            f"type number. Received {value!r}")
    if not 1 <= value < 2 ** 31:
        raise NodeValueError("ERR_OUT_OF_RANGE", f'The value of "{name}" is out of range. '
                             f"It must be >= 1 && <= 2147483647. Received {value}")
    return value


def _kind(name: str) -> str:
    return "property" if "." in name else "argument"  # (Node's wording)


def _auto_select(opts: dict[str, Any], family: int) -> bool:
    """Whether a connect tries every address of its lookup (Node's rule: no
    family or local address asked for, ``auto_select_family`` or the default)."""
    value = opts.get("auto_select_family")
    if value is None:
        value = _auto_select_default
    return family not in (4, 6) and not opts.get("local_address") and value


def _attempt_timeout(opts: dict[str, Any]) -> int:
    value = opts.get("auto_select_family_attempt_timeout")
    return _attempt_timeout_default if value is None else max(value, 10)


def _interleave(addresses: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Node's order: each address once, the families alternating, the family of
    the first answer first."""
    if not addresses:
        return []
    first = addresses[0][1]
    seen: set[str] = set()
    groups: dict[bool, list[tuple[str, int]]] = {True: [], False: []}
    for address, family in addresses:
        if address not in seen and family in (4, 6):
            seen.add(address)
            groups[family == first].append((address, family))
    ordered = []
    for i in range(max(len(groups[True]), len(groups[False]))):
        ordered += [group[i] for group in (groups[True], groups[False]) if i < len(group)]
    return ordered


# Node's net.Socket takes the Duplex's high-water marks from its options.
_SOCKET_CONNECT_OPTIONS = ("no_delay", "keep_alive", "keep_alive_initial_delay")
_SOCKET_MARKS = ("readable_high_water_mark", "writable_high_water_mark")


def connect(*args: Any, **kwargs: Any) -> Socket:
    """``net.connect(port, host, cb)`` / ``(path, cb)`` / ``(options, cb)``."""
    opts, callback = _normalize_connect_args(args, kwargs)
    for key in ("object_mode", "readable_object_mode", "writable_object_mode"):
        if opts.get(key):  # a byte stream has no object mode
            raise NodeTypeError("ERR_INVALID_ARG_VALUE", f"The property 'options.{key}' "
                                f"is not supported. Received {opts[key]!r}")
    sock = Socket({key: opts[key] for key in ("allow_half_open", "high_water_mark", *_SOCKET_MARKS,
                                              *_SOCKET_CONNECT_OPTIONS)
                   if key in opts})
    return sock.connect(opts, callback) if callback else sock.connect(opts)


create_connection = connect


# -- Server -------------------------------------------------------------------
class Server(_Handle, EventEmitter):
    """Node's ``net.Server``."""

    def __init__(self, options: dict[str, Any] | Callable[..., Any] | None = None,
                 connection_listener: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__()
        if callable(options):
            connection_listener, options = options, None
        validate_options(options)
        opts = {**(options or {}), **kwargs}
        self._allow_half_open = bool(opts.get("allow_half_open", False))
        self._pause_on_connect = bool(opts.get("pause_on_connect", False))
        self._no_delay = opts.get("no_delay")
        self._keep_alive = bool(opts.get("keep_alive", False))
        self._keep_alive_initial_delay = int(opts.get("keep_alive_initial_delay", 0))
        # Node's server.highWaterMark: both buffers of every accepted socket.
        self.high_water_mark = _check_high_water_mark(opts.get("high_water_mark"))
        self._rt = runtime.current()
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[Socket] = set()
        self._address: Any = None
        self._pipe_path: str | None = None
        self._closing = False
        # Identifies the current listen(); close() clears it so a pending _start gives up.
        self._listen_token: object | None = None
        self.listening = False
        self.max_connections: float | None = None
        if connection_listener is not None:
            self.on("connection", connection_listener)

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} listening={self.listening} "
                f"address={self._address!r} connections={len(self._connections)}>")

    def _force_close(self) -> None:
        self._listen_token = None
        if self._server is not None:
            self._server.close()
            self._server = None
        for sock in list(self._connections):
            sock._force_close()
        self.listening = False
        self._release()

    # -- listen -------------------------------------------------------------
    def listen(self, *args: Any, **kwargs: Any) -> Server:
        """Every form of Node's ``server.listen``; see the module docstring of API.md §5."""
        opts, callback = _normalize_listen_args(args, kwargs)
        if self.listening or self._holds_ref:
            raise NodeError("ERR_SERVER_ALREADY_LISTEN",
                            "Listen method has been called more than once without closing.")
        signal = opts.get("signal")
        validate_abort_signal(signal, "options.signal")
        if callback is not None:
            self.once("listening", callback)
        self._closing = False
        self._hold()
        if signal is not None:
            self._close_on_abort(signal)
        token = self._listen_token = object()
        self._address = None
        bound = self._prebind(opts)
        self._rt.loop.create_task(self._start(opts, token, bound))
        return self

    def _prebind(self, opts: dict[str, Any]) -> _socket.socket | None:
        """Node binds a TCP address that needs no lookup inside listen(), so
        ``address()`` answers right after it; the rest of listen stays async."""
        if (_shared_listen is not None or "fd" in opts or "handle" in opts
                or opts.get("path") is not None):
            return None
        host = opts.get("host")
        if host not in (None, "") and not is_ip(host):
            return None
        try:
            sock = _bind_tcp(host, int(opts.get("port") or 0), opts)
        except OSError:
            return None  # _start binds again and reports the error as Node does
        self._address = sock.getsockname()
        return sock

    def _close_on_abort(self, signal: Any) -> None:
        """Node's listen ``signal`` option: its abort closes the server."""
        if signal.aborted:
            runtime.next_tick(self.close)
        else:
            stop = on_abort(signal, self.close)
            self.once("close", lambda *_: stop())

    async def _start(self, opts: dict[str, Any], token: object,
                     bound: _socket.socket | None = None) -> None:
        loop = self._rt.loop
        backlog = int(opts.get("backlog") or 511)
        host, port, path = opts.get("host"), opts.get("port"), opts.get("path")
        try:
            shared = _shared_listen
            server = None
            if shared is not None and "handle" not in opts:  # a cluster worker's
                server = await shared(self, self._make_protocol, opts, backlog)
            if server is not None:
                self._server = server
            elif "fd" in opts or "handle" in opts:
                sock = _socket_from_handle(opts)
                self._server = await loop.create_server(self._make_protocol, sock=sock,
                                                        backlog=backlog)
            elif path is not None:
                sock = _bind_unix(path, opts)
                self._pipe_path = path  # ours to unlink at close (bound, not in use)
                self._server = await loop.create_unix_server(self._make_protocol, sock=sock,
                                                             backlog=backlog)
            elif bound is not None:
                self._server = await loop.create_server(self._make_protocol, sock=bound,
                                                        backlog=backlog)
            else:
                self._server = await self._listen_tcp(host, int(port or 0), opts, backlog)
        except OSError as exc:
            if self._listen_token is token:
                self._listen_token = None
                self._release()
            err = _listen_error(exc, opts)
            runtime.call(self.emit, "error", err)
            return
        except Exception as exc:  # noqa: BLE001
            if self._listen_token is token:
                self._listen_token = None
                self._release()
            runtime.call(self.emit, "error", exc)
            return
        if self._listen_token is not token:
            # close() was called while listen() was pending.
            self._server.close()
            self._server = None
            return
        sock0 = self._server.sockets[0] if self._server.sockets else None
        self._address = sock0.getsockname() if sock0 is not None else path
        self.listening = True
        runtime.call(self.emit, "listening")

    async def _listen_tcp(self, host: str | None, port: int, opts: dict[str, Any],
                          backlog: int) -> Any:
        sock = _bind_tcp(host, port, opts)
        return await self._rt.loop.create_server(self._make_protocol, sock=sock, backlog=backlog)

    def _new_socket(self) -> Socket:
        """Declared hook (see the module docstring): the socket for an accepted
        connection (``tls.Server`` makes a ``TLSSocket``)."""
        if self.high_water_mark != WRITE_HIGH_WATER:
            return Socket(allow_half_open=self._allow_half_open,
                          high_water_mark=self.high_water_mark)
        return Socket(allow_half_open=self._allow_half_open)

    def _make_protocol(self) -> _SocketProtocol:
        sock = self._new_socket()
        sock.server = self
        if self._pause_on_connect:
            # Node: readableFlowing = false, so a 'data' listener does not resume it.
            sock._reading_paused = sock._paused_at_connect = True
            sock.readable_flowing = False
        return _SocketProtocol(sock)

    def _on_socket_accepted(self, sock: Socket) -> bool:
        """A connection accepted but not yet handed over (a TLS handshake runs):
        counted (``max_connections`` applies now); False if it was dropped."""
        if self._drops(sock):
            return False
        self._connections.add(sock)
        return True

    def _on_socket_made(self, sock: Socket) -> None:
        """Called by Socket once its transport exists (accepted connection)."""
        if sock in self._connections:  # counted at accept (_on_socket_accepted)
            self._ready(sock)
        elif not self._drops(sock):
            self._connections.add(sock)
            self._ready(sock)

    def _drops(self, sock: Socket) -> bool:
        """Node's ``maxConnections``: destroy ``sock`` and emit ``'drop'`` when full."""
        if self.max_connections is not None and len(self._connections) >= self.max_connections:
            local, remote = sock._local, sock._remote
            sock.destroy()
            if isinstance(remote, tuple) and isinstance(local, tuple):
                self.emit("drop", {
                    "local_address": local[0], "local_port": local[1],
                    "local_family": _family(local[0]), "remote_address": remote[0],
                    "remote_port": remote[1], "remote_family": _family(remote[0])})
            else:
                self.emit("drop", None)
            return True
        return False

    def _ready(self, sock: Socket) -> None:
        if self._no_delay is not None:
            sock.set_no_delay(bool(self._no_delay))
        if self._keep_alive:
            sock.set_keep_alive(True, self._keep_alive_initial_delay)
        self._accept(sock)

    def _accept(self, sock: Socket) -> None:
        """Hand a new connection to the application (the http server overrides this)."""
        self.emit("connection", sock)

    def _connection_closed(self, sock: Socket) -> None:
        self._connections.discard(sock)
        if self._closing and not self._connections and self._server is None:
            self._emit_close()

    # -- close --------------------------------------------------------------
    def close(self, callback: Callable[..., Any] | None = None) -> Server:
        """Stop accepting; ``'close'`` once every connection has ended."""
        if callable(callback):  # Node: a callback that is not a function is ignored
            if not self.listening and not self._holds_ref:
                # Node: the callback gets the error once 'close' is emitted.
                err = NodeError("ERR_SERVER_NOT_RUNNING", "Server is not running.")
                self.once("close", lambda *_: callback(err))
            else:
                self.once("close", callback)
        self._closing = True
        self._listen_token = None
        if self._server is not None:
            self._server.close()
            self._server = None
        self.listening = False
        self._release()
        if self._pipe_path is not None:
            _unlink_quietly(self._pipe_path)
            self._pipe_path = None
        if not self._connections:
            runtime.next_tick(self._emit_close)
        return self

    def _emit_close(self) -> None:
        if self._closing:
            self._closing = False
            self.emit("close")

    def _capture_rejection(self, err: BaseException, event: str, *args: Any) -> None:
        """A failed ``async def`` listener under events.capture_rejections (Node's
        net.Server[captureRejectionSymbol]): a 'connection' one destroys its socket."""
        if event == "connection":
            args[0].destroy(err)
        else:
            self.emit("error", err)

    # Node's server[Symbol.asyncDispose]() (v20.4): ``async with server:`` closes
    # the server on the way out and waits for its 'close'.
    async def __aenter__(self) -> Server:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        done = asyncio.get_running_loop().create_future()

        def on_close(err: BaseException | None = None) -> None:
            if not done.done():
                if err is not None:
                    done.set_exception(err)
                else:
                    done.set_result(None)

        self.close(on_close)
        await done

    def address(self) -> dict[str, Any] | str | None:
        # Pending listen(): the address _prebind bound, if any.
        addr = self._address if self.listening or self._listen_token is not None else None
        if addr is None or isinstance(addr, str):
            return addr
        return {"address": addr[0], "family": _family(addr[0]), "port": addr[1]}

    def get_connections(self, callback: Callable[[Any, int], Any]) -> Server:
        if not callable(callback):  # Node's validateFunction(cb, 'cb')
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f'The "cb" argument must be callable. Received {callback!r}')
        runtime.next_tick(callback, None, len(self._connections))
        return self


# The cluster worker's listen hook (see the module docstring), or None.
_shared_listen: Callable[..., Any] | None = None


def set_shared_listen(hook: Callable[..., Any] | None) -> None:
    """Install (or with None remove) the declared listen hook; for ``nodekit.cluster``."""
    global _shared_listen
    _shared_listen = hook


def _bind_tcp(host: str | None, port: int, opts: dict[str, Any]) -> _socket.socket:
    """A bound TCP socket; with no host, dual-stack ``::`` like Node (else 0.0.0.0)."""
    if host is None or host == "":
        candidates = [("::", _socket.AF_INET6), ("0.0.0.0", _socket.AF_INET)]
    else:
        infos = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM, 0,
                                    _socket.AI_PASSIVE)
        candidates = [(info[4][0], info[0]) for info in infos]
    last: OSError | None = None
    for addr, fam in candidates:
        sock = _socket.socket(fam, _socket.SOCK_STREAM)
        try:
            sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
            if opts.get("reuse_port"):  # NodeKit's addition: one accept queue per socket
                sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEPORT, 1)
            if fam == _socket.AF_INET6:
                only = 1 if opts.get("ipv6_only") or (host not in (None, "", "::")) else 0
                sock.setsockopt(_socket.IPPROTO_IPV6, _socket.IPV6_V6ONLY, only)
            sock.bind((addr, port))
            sock.setblocking(False)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    assert last is not None
    raise last


# libuv's descriptions where they differ from the C library's strerror().
_UV_DESCRIPTIONS = {errno.EADDRNOTAVAIL: "address not available",
                    errno.EACCES: "permission denied"}


def _listen_error(exc: OSError, opts: dict[str, Any]) -> BaseException:
    """A listen failure as Node words it (uvExceptionWithHostPort):
    ``listen EADDRINUSE: address already in use :::8080``."""
    err = system_error(exc, "listen", *_listen_where(opts))
    errnum = getattr(err, "errno", None)
    if isinstance(err, SystemError_) and errnum:
        desc = _UV_DESCRIPTIONS.get(errnum) or os.strerror(errnum).lower()
        address, port = err.address, err.port
        where = f" {address}:{port}" if address is not None and port is not None else (
            f" {address}" if address is not None else "")
        err.strerror = f"listen {err.code}: {desc}{where}"
        err.args = (errnum, err.strerror)
    return err


def _listen_where(opts: dict[str, Any]) -> tuple[str | None, int | None]:
    """The address and port a listen error names (Node: none for a descriptor)."""
    if "fd" in opts or "handle" in opts:
        return None, None
    if opts.get("path") is not None:
        return opts["path"], None
    return opts.get("host") or "::", opts.get("port")


def _socket_from_handle(opts: dict[str, Any]) -> _socket.socket:
    handle = opts.get("handle", opts)
    fd = handle.get("fd") if isinstance(handle, dict) else None
    if fd is None:
        # A Server or Socket object: take its descriptor.
        if isinstance(handle, Server) and handle._server is not None:
            fd = handle._server.sockets[0].fileno()
        elif isinstance(handle, Socket) and handle._raw_socket() is not None:
            fd = handle._raw_socket().fileno()
        elif hasattr(handle, "fileno"):
            fd = handle.fileno()
    if not isinstance(fd, int) or fd < 0:
        raise NodeTypeError("ERR_INVALID_HANDLE_TYPE", "This handle type cannot be sent")
    # Duplicate so closing our server does not close the caller's descriptor.
    dup = os.dup(fd)
    try:
        sock = _socket.socket(fileno=dup)
    except OSError as exc:
        os.close(dup)
        if exc.errno == errno.ENOTSOCK:
            raise _not_a_stream() from exc
        raise
    if sock.type != _socket.SOCK_STREAM:
        sock.close()
        raise _not_a_stream()
    sock.setblocking(False)
    return sock


def _not_a_stream() -> OSError:
    # Node looks at the descriptor's type first (guessHandleType): a file, a
    # datagram socket or anything else that is not a stream fails with EINVAL.
    return OSError(errno.EINVAL, os.strerror(errno.EINVAL))


def _bind_unix(path: str, opts: dict[str, Any]) -> _socket.socket:
    """A bound unix socket. Unlike asyncio's create_unix_server, a path that
    exists is EADDRINUSE (Node's), never unlinked; ``readable_all`` /
    ``writable_all`` add read / write permission for everyone (uv_pipe_chmod)."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.bind(path)
        mode = ((stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) if opts.get("readable_all") else 0
                ) | ((stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
                     if opts.get("writable_all") else 0)
        if mode and not path.startswith("\0"):
            os.chmod(path, os.stat(path).st_mode | mode)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _unlink_quietly(path: str) -> None:
    try:
        if stat.S_ISSOCK(os.stat(path).st_mode):
            os.unlink(path)
    except OSError:
        pass


def _normalize_listen_args(args: tuple[Any, ...], kwargs: dict[str, Any],
                           ) -> tuple[dict[str, Any], Callable[..., Any] | None]:
    args = list(args)
    callback = kwargs.pop("callback", None)
    if args and callable(args[-1]):
        callback = args.pop()
    opts: dict[str, Any] = {}
    if args:
        first = args[0]
        if isinstance(first, dict):
            opts = dict(first)
            if "fd" in first:
                opts = {"fd": first["fd"], "backlog": first.get("backlog")}
        elif isinstance(first, (Server, Socket)) or hasattr(first, "fileno"):
            opts = {"handle": first}
        elif isinstance(first, str) and not first.isdigit():
            opts = {"path": first}
            if len(args) > 1:
                opts["backlog"] = args[1]
        else:
            opts = {"port": first}
            rest = args[1:]
            if rest and (rest[0] is None or isinstance(rest[0], str)):
                opts["host"] = rest.pop(0)
            if rest:
                opts["backlog"] = rest.pop(0)
    opts.update(kwargs)
    if "hostname" in opts and "host" not in opts:
        opts["host"] = opts.pop("hostname")
    if "handle" in opts or _is_fd(opts.get("fd")):
        return opts, callback
    _check_listen_where(opts, no_args=not args)
    return opts, callback


def _is_fd(fd: Any) -> bool:
    return isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0


def _check_listen_where(opts: dict[str, Any], no_args: bool) -> None:
    """Node's listen() order: a port (even beside a path) is validated and
    wins; then a path; else ERR_INVALID_ARG_VALUE. No port at all (listen(),
    listen(cb), port None) is port 0."""
    if ("port" in opts and opts["port"] is None) or (
            no_args and "port" not in opts and opts.get("path") is None):
        opts["port"] = 0
    port = opts.get("port")
    if "port" in opts and isinstance(port, (int, float, str)) and not isinstance(port, bool):
        num = _port_number(port)
        blank = isinstance(port, str) and not port.strip()
        if blank or num is None or not num.is_integer() or not 0 <= num <= 0xFFFF:
            raise NodeValueError("ERR_SOCKET_BAD_PORT",
                                 f"options.port should be >= 0 and < 65536. Received {port!r}.")
        opts["port"] = int(num)
        opts.pop("path", None)
        return
    path = opts.get("path")
    if path and _is_pipe_name(path):
        return
    if "port" not in opts and "path" not in opts:
        raise NodeTypeError("ERR_INVALID_ARG_VALUE", "The argument 'options' must have the "
                            f'property "port" or "path". Received {opts!r}')
    raise NodeTypeError("ERR_INVALID_ARG_VALUE",
                        f"The argument 'options' is invalid. Received {opts!r}")


def create_server(options: dict[str, Any] | Callable[..., Any] | None = None,
                  connection_listener: Callable[..., Any] | None = None,
                  **kwargs: Any) -> Server:
    """``net.create_server([options], [connection_listener])``."""
    return Server(options, connection_listener, **kwargs)
