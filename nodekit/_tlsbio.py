"""NodeKit's own TLS transport: an ``ssl.SSLObject`` over two ``ssl.MemoryBIO``s.

``tls`` used the loop's TLS transport (``loop.start_tls``); this one is
NodeKit's, so it can do what Node's TLSSocket does and those cannot:

- **half-close**: ``write_eof()`` sends close_notify and a TCP FIN, then
  reads on until the peer's close_notify (or FIN), which reaches the socket
  as ``eof_received`` — the peer may answer a request that was ``end()``-ed
  (Node's ``allowHalfOpen`` over TLS). Whether the socket then ends its own
  side is net's business (``allow_half_open``), as on a plain connection.
- **fewer hops**: one object is both the plain TCP transport's protocol and
  the transport net's protocol sees; a read decrypts straight into net's
  receive buffer (several records per read) and a write is one
  ``SSLObject.write`` and one plain ``write``. Compiled, ``_tlsdirect``
  makes those OpenSSL calls itself on the SSLObject's ``SSL*`` and BIOs
  (no ssl wrappers, no GIL hand-offs); the SSLObject's methods run where it
  is not built or cannot check the pointers.

One :class:`SecureTransport` per connection. ``start(done)`` takes the plain
transport over and handshakes; ``done(self, None)`` when it is secure,
``done(None, exc)`` when it failed (the plain connection is then closed,
after any alert OpenSSL wrote). ``hand_over(protocol, transport)`` makes net's
protocol the reader (``connection_made``, then the application data that came
with the handshake); ``on_first_data``, if set, is called once when the
first data is decrypted, just before net gets it (a TLS 1.3 client's
session ticket comes after the handshake, before the data).

Ciphertext is read into the loop's receive buffer (``Runtime.recv_buffer``),
which is free again once it is copied into the incoming BIO — before any
plaintext is decrypted into it — so TLS adds no buffer per connection.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from collections.abc import Callable
from typing import Any

from . import runtime
from ._loader import native_module

__all__ = ["SecureTransport", "enabled"]

_WANT_READ = ssl.SSLWantReadError
_ZERO_RETURN = ssl.SSLZeroReturnError
_SSL_ERROR = ssl.SSLError


def enabled() -> bool:
    """Whether ``tls`` uses this transport: ``NODEKIT_TLS=loop`` selects the
    loop's own TLS transport (``loop.start_tls``) instead."""
    return os.environ.get("NODEKIT_TLS", "bio") != "loop"


Done = Callable[[Any, "BaseException | None"], None]


def _direct_factory() -> Callable[..., Any] | None:
    """``_tlsdirect.direct_for`` (OpenSSL called straight on the SSLObject's
    ``SSL*`` and BIOs), or None where it must not or cannot run: not built,
    edited since the build, or NODEKIT_PURE=1 (everything pure Python, as
    nodekit/_loader.py does). The SSLObject's methods run instead."""
    direct = native_module("_tlsdirect")
    return direct.direct_for if direct is not None and direct.AVAILABLE else None


_direct_for = _direct_factory()


class _SecureCore:
    """:class:`SecureTransport`'s state and methods (the class is below).

    Compiled, ``_tlsbio.pxd`` makes this an extension type whose state is C
    fields and whose internal steps are C functions: a read and a write then
    run no bytecode and look no attribute up (the Python version cost ~6 k
    instructions per keep-alive request: docs/architecture.md, "The TLS
    transport's cost"). The methods the reads and writes call are looked up
    once, here.
    """

    def __init__(self, plain: Any, context: ssl.SSLContext, server_side: bool,
                 server_hostname: str | None) -> None:
        self._plain = plain
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._ssl = context.wrap_bio(self._in, self._out, server_side, server_hostname)
        # Reads and writes call OpenSSL straight when this is not None
        # (_tlsdirect: the same calls without ssl's wrappers or the GIL's hand-offs).
        self._direct = _direct_for(self._ssl, self._in, self._out) if _direct_for else None
        # (a NodeKit context's SSL objects have the C object's read/write)
        self._ssl_read = self._ssl.read
        self._ssl_write = self._ssl.write
        self._in_write = self._in.write
        self._out_read = self._out.read
        self._plain_write = plain.write
        self._context = context
        self._rt = runtime.current()
        self._cipher_buf: memoryview = self._rt.recv_buffer
        self._done: Done | None = None
        self._handshaking = True
        self._app: Any = None
        self._get_buffer: Any = None
        self._buffer_updated: Any = None
        self._paused = False  # net paused reading
        self._write_paused = False
        self._read_eof = False  # the socket has been told of the peer's end
        self._plain_eof = False  # the TCP FIN came
        self._eof_sent = False  # our close_notify (and FIN) went out
        self._closing = False
        self._error: BaseException | None = None
        self._drain_scheduled = False
        # Plaintext OpenSSL had decrypted but net had not read when our
        # close_notify went (see _close_notify): net gets it first.
        self._held: bytes | None = None
        self.on_first_data: Callable[[], None] | None = None

    # -- set-up ----------------------------------------------------------------
    def start(self, done: Done) -> None:
        """Take the plain transport over and begin the handshake (a client
        sends its ClientHello now)."""
        self._done = done
        self._plain.set_protocol(self)
        if not self._ssl.server_side:
            self._handshake_step()

    def hand_over(self, protocol: Any, transport: Any = None, replay: bool = True) -> None:
        """Make ``protocol`` (net's) the reader, then (unless ``replay`` is False:
        the caller calls :meth:`replay`) give it what came early."""
        self.set_protocol(protocol)
        protocol.connection_made(self)
        if self._write_paused:
            protocol.pause_writing()
        if replay:
            self._drain()

    def replay(self) -> None:
        """What came with the handshake's end, to the reader."""
        if not self._paused:
            self._drain()

    def _handshake_step(self) -> None:
        try:
            self._ssl.do_handshake()
        except _WANT_READ:
            self._flush()
            return
        except (_SSL_ERROR, OSError, ValueError) as exc:
            self._flush()  # OpenSSL's alert, for the peer to know why
            self._fail(exc, close=True)
            return
        self._flush()
        self._handshaking = False
        done, self._done = self._done, None
        if done is not None:
            done(self, None)

    def _fail(self, exc: BaseException, close: bool) -> None:
        self._handshaking = False
        self._closing = True
        done, self._done = self._done, None
        if close:
            self._plain.close()
        if done is not None:
            done(None, exc)

    # -- the plain transport's protocol ------------------------------------------
    def get_buffer(self, sizehint: int) -> memoryview:
        return self._cipher_buf

    def buffer_updated(self, nbytes: int) -> None:
        if self._direct is not None:
            self._direct.feed(self._cipher_buf, nbytes)
        else:
            self._in_write(self._cipher_buf[:nbytes])
        if self._handshaking:
            self._handshake_step()
        elif self._app is not None and not self._paused:
            self._drain()

    def eof_received(self) -> bool:
        self._plain_eof = True
        if self._handshaking:
            self._fail(EOFError("EOF during the TLS handshake"), close=True)
        else:
            self._drain()
        return True  # the plain connection stays open for our writes (half-close)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closing = True
        if self._handshaking:
            self._fail(exc or EOFError("connection lost during the TLS handshake"), close=False)
            return
        app, self._app = self._app, None
        if app is not None:
            app.connection_lost(exc or self._error)  # type: ignore[arg-type]

    def pause_writing(self) -> None:
        self._write_paused = True
        if self._app is not None:
            self._app.pause_writing()

    def resume_writing(self) -> None:
        self._write_paused = False
        if self._app is not None:
            self._app.resume_writing()

    # -- reading -----------------------------------------------------------------
    def _drain(self) -> None:
        """Decrypt what the incoming BIO holds into net's buffers, while net reads.

        Each of net's buffers is filled with as many records as are in. An
        ``SSL_read`` returns at most one record, and all of it when there is
        room: a read that returns less than it was offered ended its record,
        so only the ciphertext still in the BIO can make more (asking
        OpenSSL's ``pending()`` costs a GIL round trip; a read that would
        block raises, which costs more still)."""
        self._drain_scheduled = False
        incoming = self._in
        read = self._ssl_read
        while self._app is not None and not self._paused and not self._read_eof:
            buf = self._get_buffer(-1)
            size = len(buf)
            got = self._unhold(buf, size) if self._held is not None else 0
            ended = False
            more = got == size
            try:
                while not more:
                    if self._direct is not None:
                        n = self._direct.read_into(buf, got)
                        if n < 0:
                            break  # (ssl's SSLWantReadError)
                    else:
                        n = read(size - got, buf[got:] if got else buf)
                    if not n:  # close_notify (ssl's b'' on a received shutdown)
                        ended = True
                        break
                    got += n
                    if got == size:
                        more = True  # net's buffer is full: another one
                        break
                    if not (self._direct.in_pending() if self._direct is not None
                            else incoming.pending):
                        break  # (the record ended: it had room)
            except _WANT_READ:
                pass
            except _ZERO_RETURN:
                ended = True
            except _SSL_ERROR as exc:
                self._fatal(exc)
            if (self._direct.out_pending() if self._direct is not None
                    else self._out.pending):
                self._flush()  # e.g. a KeyUpdate's answer, or the alert
            if got:
                hook = self.on_first_data
                if hook is not None:
                    # Before the data: what the tickets that came first made
                    # (a client's 'session') is known before anything the data
                    # starts (a next request on a new connection, resuming it).
                    self.on_first_data = None
                    hook()
                self._buffer_updated(got)
            if ended:
                self._tls_eof()
                return
            if not more or self._error is not None:
                break
        if (self._plain_eof and not self._read_eof and not self._paused
                and self._app is not None and self._error is None):
            # A FIN without close_notify: Node ends the socket too.
            self._tls_eof()

    def _unhold(self, buf: Any, size: int) -> int:
        """Copy what :meth:`_close_notify` held into ``buf``: the count."""
        held = self._held
        n = min(len(held), size)  # type: ignore[arg-type]
        buf[:n] = held[:n]  # type: ignore[index]
        self._held = held[n:] or None  # type: ignore[index]
        return n

    def _tls_eof(self) -> None:
        self._read_eof = True
        app = self._app
        if app is not None:
            app.eof_received()  # its answer does not matter: net decides (allow_half_open)

    def _fatal(self, exc: BaseException) -> None:
        """A TLS failure after the handshake: the connection is lost with ``exc``."""
        if self._error is None:
            self._error = exc
            self._flush()
            self._closing = True
            self._plain.abort()

    # -- the transport net's protocol sees ----------------------------------------
    def get_protocol(self) -> Any:
        return self._app

    def set_protocol(self, protocol: Any) -> None:
        self._app = protocol
        # Looked up once: a read calls net's methods without a hop.
        self._get_buffer = protocol.get_buffer
        self._buffer_updated = protocol.buffer_updated

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        sslobj = self._ssl
        if name == "ssl_object":
            return sslobj
        if name == "sslcontext":
            return self._context
        if name == "peercert":
            return sslobj.getpeercert()
        if name == "cipher":
            return sslobj.cipher()
        if name == "compression":
            return sslobj.compression()
        return self._plain.get_extra_info(name, default)

    def is_closing(self) -> bool:
        return self._closing or self._plain.is_closing()

    def is_reading(self) -> bool:
        return not self._paused

    def pause_reading(self) -> None:
        if not self._paused:
            self._paused = True
            if not self.is_closing():
                self._plain.pause_reading()

    def resume_reading(self) -> None:
        if self._paused:
            self._paused = False
            if not self.is_closing():
                self._plain.resume_reading()
            if not self._drain_scheduled and (self._in.pending or self._ssl.pending()
                                              or self._plain_eof or self._held is not None):
                # Not inline: net is inside its own read path (as asyncio's).
                self._drain_scheduled = True
                self._rt.loop.call_soon(self._drain_later)

    def _drain_later(self) -> None:
        if self._drain_scheduled:
            self._drain()

    def write(self, data: Any) -> None:
        if self._eof_sent or self._closing:
            return
        try:
            if self._direct is not None:
                ciphertext = self._direct.write(data)
            else:
                self._ssl_write(data)
                ciphertext = self._out_read()
        except _SSL_ERROR as exc:
            self._fatal(exc)
            return
        self._plain_write(ciphertext)

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def _flush(self) -> None:
        if self._out.pending and not self._plain.is_closing():
            self._plain_write(self._out_read())

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        """Node's ``end()`` over TLS: close_notify, then the TCP FIN; reading goes on."""
        if self._eof_sent or self._closing:
            return
        self._eof_sent = True
        self._close_notify()
        if not self._plain.is_closing():
            try:
                self._plain.write_eof()
            except OSError as exc:  # (asyncio's shutdown() on a connection reset meanwhile)
                self._fatal(exc)

    def _close_notify(self) -> None:
        """Send close_notify, keeping what the peer sent that is not read yet.

        ``unwrap()`` calls ``SSL_shutdown`` a second time, which reads on for
        the peer's close_notify: a record of application data it meets there
        fails the connection (APPLICATION_DATA_AFTER_CLOSE_NOTIFY, every read
        after it an SSLEOFError) and the rest of a record OpenSSL had
        decrypted is dropped. Node's end() keeps reading what the peer still
        sends (its close_notify after it), so the ciphertext waiting in the
        incoming BIO is taken out around the call and put back, and the
        plaintext OpenSSL holds is read out first (net gets it from _drain)."""
        sslobj = self._ssl
        if not self._read_eof and not self._handshaking:
            try:
                pending = sslobj.pending()
                if pending:
                    held = sslobj.read(pending)
                    self._held = held if self._held is None else self._held + held
            except _SSL_ERROR:
                pass  # (nothing decrypted is waiting: the read fails as it would later)
        incoming = self._in
        waiting = incoming.read() if incoming.pending else None
        try:
            sslobj.unwrap()
        except (_WANT_READ, _SSL_ERROR, ValueError):
            pass  # sent; the peer's comes (or not) in its own time
        if waiting is not None:
            incoming.write(waiting)
        self._flush()

    def get_write_buffer_size(self) -> int:
        return self._plain.get_write_buffer_size() + self._out.pending

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._plain.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._plain.set_write_buffer_limits(high=high, low=low)

    def close(self) -> None:
        """Close after what is queued, with a close_notify if none went yet."""
        if self._closing:
            return
        self._closing = True
        if not self._eof_sent and not self._handshaking:
            self._eof_sent = True
            self._close_notify()
        self._plain.close()

    def abort(self) -> None:
        self._closing = True
        self._plain.abort()


class SecureTransport(_SecureCore, asyncio.BufferedProtocol):
    """The plain transport's protocol and net's secure transport (see the module
    docstring). A ``BufferedProtocol`` for asyncio's transports, which test
    the class; it is no ``asyncio.Transport`` (whose ``_extra`` slot cannot
    share a layout with the compiled core), which nothing tests."""

    __slots__ = ()
