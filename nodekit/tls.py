"""Node's ``tls`` module: ``TLSSocket``, ``Server``, ``connect``, secure contexts.

Owns TLS on top of ``net``: building Python ``ssl`` contexts from Node's
options, the handshake (through NodeKit's own TLS transport, ``_tlsbio``: an
``ssl.SSLObject`` over memory BIOs; or, with ``NODEKIT_TLS=loop``, the loop's
own — uvloop's or asyncio's ``loop.start_tls``), verification with Node's error codes and
``checkServerIdentity``, SNI, ALPN, client certificates and session
resumption. It knows nothing of HTTP (``https`` builds on it).

How a connection becomes secure: ``net`` makes the plain TCP connection and
offers it through its declared hook ``Socket._wrap_transport``; a
``TLSSocket`` takes it, starts the handshake *synchronously* (inside
``connection_made``, so no ClientHello byte can reach the plain protocol;
``loop.start_tls`` is driven eagerly for that), and when the handshake is done hands the encrypted
transport back to net's protocol (``protocol.connection_made``), from where
the socket goes on as any ``net.Socket``. Until then the socket is neither
connected nor accepted: writes wait (client), and the server sees the
connection only in ``'secureConnection'`` or ``'tlsClientError'``.

Where NodeKit differs from Node (Python's ``ssl`` cannot do otherwise):
- ``'connect'`` is emitted together with ``'secureConnect'`` (just before it),
  and a server's ``'connection'`` comes after the handshake, just before
  ``'secureConnection'``, with the TLS socket.
- With ``reject_unauthorized=False`` the peer's chain is verified and the
  result reported (``authorized``, ``authorization_error``) as in Node only
  when NodeKit's OpenSSL bindings work (``_openssl.AVAILABLE``); without
  them it is not verified at all: ``authorized`` is False,
  ``authorization_error`` None, and ``get_peer_certificate()`` has only
  ``raw`` and the fingerprints (``ssl`` decodes only a verified certificate).
  An RSA certificate's ``bits``/``exponent``/``modulus`` need ``cryptography``.
- An unknown issuer is ``UNABLE_TO_VERIFY_LEAF_SIGNATURE`` also when the
  server sent intermediates (Node: ``UNABLE_TO_GET_ISSUER_CERT_LOCALLY``);
  Python 3.11's ``ssl`` does not show the chain to tell them apart.
- With ``NODEKIT_TLS=loop`` only: a server refusing a TLS 1.3 client's
  certificate drops the connection without its alert reaching the client
  (the loop's TLS transport aborts), so the client sees the connection end
  rather than Node's ``ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED``; and there
  is no half-close: ``end()`` (close_notify) shuts the connection both ways,
  as does the peer's close_notify, so a request written and then ``end()``-ed
  gets no response (Node reads on after its ``end()``, as ``_tlsbio`` does);
  what the peer sends after ``end()`` is dropped (no error, as in Node).
- Without the OpenSSL bindings, a server with ``request_cert`` and
  ``reject_unauthorized=False`` still refuses a client certificate that fails
  verification (OpenSSL's ``CERT_OPTIONAL``); a client sending none is
  accepted. With them it accepts it, as Node does (``authorized`` False).
- ``sni_callback`` must call its ``cb`` before returning (OpenSSL's
  servername callback is synchronous).
- ALPN: ``ssl`` lets a server whose list shares nothing with the client's go
  on without ALPN, so NodeKit reads the client's list from its ClientHello
  and refuses it as Node does (fatal ``no_application_protocol`` alert,
  ``'tlsClientError'`` ``ERR_SSL_NO_APPLICATION_PROTOCOL``) — for the
  ``alpn_protocols`` of the server's options (or of its ``tls.SecureContext``).
  The server's ``alpn_protocols`` is set on the context it is given (``ssl``
  keeps the list there, Node keeps it per server): on a ready
  ``ssl.SSLContext`` it replaces the context's own list; with no
  ``alpn_protocols`` (``tls.create_server``) a ready context keeps its own
  list and ``ssl``'s behaviour (that list cannot be read, so nothing is
  refused).
- ``session_timeout`` is refused (``ERR_FEATURE_UNAVAILABLE_ON_PLATFORM``):
  the ``ssl`` module cannot set it.
- What ``ssl`` has no API for goes through ``_openssl`` (OpenSSL itself):
  verify-and-report, ``'keylog'``, ticket keys, ``ecdh_curve`` lists,
  ``session_id_context``. ``'keylog'`` needs a context NodeKit made (its
  ``wrap_bio`` announces each connection) and a listener before the
  handshake; a handshake's lines are emitted when it completes (OpenSSL
  writes them before the socket has its connection's ``SSLObject``).
- A key without a certificate (or the reverse) is not loaded (``ssl``
  loads the two together): the context is made and handshakes fail, as in
  Node. ``pfx`` is read with ``cryptography``.
- Session resumption needs a context NodeKit made (``create_secure_context``
  or options): a ready ``ssl.SSLContext`` cannot be given a session. A
  ``session`` given to ``tls.connect`` resumes when the context options
  (``ca``, ``cert``, ``key``, ``ciphers``, versions, ALPN) are those of the
  connection it came from, whose context is then reused (``ssl`` ties a
  session to its context); with other options it is a full handshake.
- A ``'session'`` comes before the data that follows (Node's may come
  after it). Without the OpenSSL bindings it is told once per connection.
- TLS 1.2 renegotiation: one the server starts is done by a NodeKit client
  (OpenSSL, inside the read), on either transport. One a client starts is
  refused by a NodeKit server (``ssl`` sets ``OP_NO_RENEGOTIATION``): the
  client gets a ``no_renegotiation`` alert (Node's client:
  ``ERR_SSL_NO_RENEGOTIATION``) and the server socket an ``'error'`` with
  the client's answer (a ``handshake_failure`` alert from Node's); Node's
  server allows three in ten minutes, then ``ERR_TLS_SESSION_ATTACK``.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import os
import re
import ssl
import tempfile
import warnings
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable
from functools import partial
from typing import Any

from . import _openssl, _tlsbio, net, runtime
from .errors import NodeError, NodeTypeError, validate_options

__all__ = [
    "DEFAULT_MIN_VERSION", "DEFAULT_MAX_VERSION", "SecureContext", "Server", "TLSSocket",
    "TLSError", "check_server_identity", "connect", "create_secure_context",
    "create_server",
]

DEFAULT_MIN_VERSION = "TLSv1.2"
DEFAULT_MAX_VERSION = "TLSv1.3"
DEFAULT_HANDSHAKE_TIMEOUT = 120000
_VERSIONS = {
    "TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
    "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3,
}
# OpenSSL's X509_V_ERR_* numbers -> the names Node reports as err.code
# (Node takes them from OpenSSL's verify result too; see crypto_common.cc).
_VERIFY_CODES = {
    2: "UNABLE_TO_GET_ISSUER_CERT", 3: "UNABLE_TO_GET_CRL",
    4: "UNABLE_TO_DECRYPT_CERT_SIGNATURE", 5: "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
    6: "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY", 7: "CERT_SIGNATURE_FAILURE",
    8: "CRL_SIGNATURE_FAILURE", 9: "CERT_NOT_YET_VALID", 10: "CERT_HAS_EXPIRED",
    11: "CRL_NOT_YET_VALID", 12: "CRL_HAS_EXPIRED", 13: "ERROR_IN_CERT_NOT_BEFORE_FIELD",
    14: "ERROR_IN_CERT_NOT_AFTER_FIELD", 15: "ERROR_IN_CRL_LAST_UPDATE_FIELD",
    16: "ERROR_IN_CRL_NEXT_UPDATE_FIELD", 17: "OUT_OF_MEM",
    18: "DEPTH_ZERO_SELF_SIGNED_CERT", 19: "SELF_SIGNED_CERT_IN_CHAIN",
    20: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 21: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    22: "CERT_CHAIN_TOO_LONG", 23: "CERT_REVOKED", 24: "INVALID_CA",
    25: "PATH_LENGTH_EXCEEDED", 26: "INVALID_PURPOSE", 27: "CERT_UNTRUSTED",
    28: "CERT_REJECTED", 62: "HOSTNAME_MISMATCH",
}
# What Python's subject/issuer tuples call the fields Node abbreviates.
_NAME_KEYS = {
    "commonName": "CN", "countryName": "C", "stateOrProvinceName": "ST",
    "localityName": "L", "organizationName": "O", "organizationalUnitName": "OU",
    "emailAddress": "emailAddress", "serialNumber": "serialNumber",
}
# The servername each server-side handshake announced (SNI), by SSLObject:
# Python's server-side SSLObject does not keep it.
_SNI_SEEN: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


class TLSError(OSError):
    """A TLS failure with Node's ``code`` (``'CERT_HAS_EXPIRED'``,
    ``'ERR_SSL_WRONG_VERSION_NUMBER'``, ``'ERR_TLS_HANDSHAKE_TIMEOUT'`` …).
    An ``OSError`` so that ``net`` passes it through as a socket error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.args[0]} [{self.code}]"


# How ssl words an error whose reason its table does not name (reason None),
# e.g. "[SSL] tlsv1 alert no application protocol (_ssl.c:1006)".
_UNNAMED_REASON = re.compile(r"\[\w+\] ([a-z0-9 ]+) \(_ssl\.c:\d+\)")


def _ssl_reason(exc: BaseException) -> str | None:
    """OpenSSL's reason for ``exc`` (a name like WRONG_VERSION_NUMBER), or None."""
    if not isinstance(exc, ssl.SSLError) or isinstance(
            exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return None
    if exc.reason:
        return exc.reason
    found = _UNNAMED_REASON.fullmatch(str(exc.args[1]) if len(exc.args) > 1 else "")
    return found.group(1).replace(" ", "_") if found else None


def _handshake_error(exc: BaseException, server_side: bool) -> BaseException:
    """Node's error for a failed handshake (or a TLS failure later on)."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        if exc.verify_code == 20:
            # Node lets OpenSSL verify on past the missing issuer, which ends
            # at "unable to verify the first certificate" for a one-certificate
            # chain (the usual unknown-CA case). Python's ssl stops at the first
            # error and (3.11) shows no chain, so a longer chain with an
            # unknown root, which Node reports as UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
            # is reported this way too.
            return TLSError("UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                            "unable to verify the first certificate")
        code = _VERIFY_CODES.get(exc.verify_code, "UNABLE_TO_VERIFY_LEAF_SIGNATURE")
        if code == "HOSTNAME_MISMATCH":
            code = "ERR_TLS_CERT_ALTNAME_INVALID"
        return TLSError(code, exc.verify_message or str(exc))
    reason = _ssl_reason(exc)
    if reason:
        # Node: err.code = 'ERR_SSL_' + OpenSSL's reason, e.g. WRONG_VERSION_NUMBER.
        return TLSError("ERR_SSL_" + reason.upper(), str(exc))
    if isinstance(exc, (ConnectionError, ssl.SSLEOFError, ssl.SSLZeroReturnError, EOFError)):
        message = ("socket hang up" if server_side else
                   "Client network socket disconnected before secure TLS connection "
                   "was established")
        err = TLSError("ECONNRESET", message)
        err.__cause__ = exc
        return err
    return exc


# -- contexts -------------------------------------------------------------------
class _DirectSSLObject(ssl.SSLObject):
    """``ssl.SSLObject`` whose ``read``, ``write`` and ``pending`` are the C
    object's own methods: ``ssl``'s are Python methods that only forward to
    them, and the loop's TLS transport calls them for every record (measured:
    one Python frame each, a tenth of what TLS adds to a keep-alive request)."""

    @classmethod
    def _create(cls, *args: Any, **kwargs: Any) -> Any:
        obj = super()._create(*args, **kwargs)
        obj._go_direct()
        return obj

    def _go_direct(self) -> None:
        c_object = self._sslobj
        # Instance attributes shadow the class's forwarding methods.
        self.read, self.write, self.pending = c_object.read, c_object.write, c_object.pending


class _KeyLog:
    """A context's NSS key log lines (Node's ``'keylog'``), by connection.

    OpenSSL calls back with the ``SSL*`` while the handshake runs, before a
    TLSSocket has its ``SSLObject`` (the loop's TLS transport makes it): the
    lines of a connection wait here, from its ``wrap_bio``, until its socket
    claims them at the end of the handshake; later lines go straight to it.
    A connection's entry goes with its ``SSLObject``."""

    __slots__ = ("lines", "listeners", "__weakref__")

    def __init__(self) -> None:
        self.lines: dict[int, list[bytes]] = {}
        self.listeners: dict[int, Callable[[bytes], None]] = {}

    def on_line(self, ssl_ptr: int, line: bytes) -> None:
        line += b"\n"  # (Node's line ends with its newline)
        listener = self.listeners.get(ssl_ptr)
        if listener is not None:
            listener(line)
        elif ssl_ptr in self.lines:
            self.lines[ssl_ptr].append(line)

    def wrapped(self, sslobj: Any) -> None:
        pointer = _openssl.ssl_pointer(sslobj)
        if pointer:
            self.lines[pointer] = []
            self.listeners.pop(pointer, None)  # (a freed SSL's address, reused)
            weakref.finalize(sslobj, self._forget, weakref.ref(self), pointer)

    @staticmethod
    def _forget(ref: Any, pointer: int) -> None:
        keylog = ref()
        if keylog is not None:
            keylog.lines.pop(pointer, None)
            keylog.listeners.pop(pointer, None)

    def claim(self, sslobj: Any, listener: Callable[[bytes], None]) -> list[bytes]:
        """The lines so far of ``sslobj``'s connection; later ones go to ``listener``."""
        pointer = _openssl.ssl_pointer(sslobj)
        if not pointer or pointer not in self.lines:
            return []
        self.listeners[pointer] = listener
        return self.lines.pop(pointer)


class _OwnContext(ssl.SSLContext):
    """A context NodeKit made: ``read``/``write`` go straight to C, and with
    a key log each new connection is announced to it."""

    sslobject_class = _DirectSSLObject
    keylog: _KeyLog | None = None

    def wrap_bio(self, incoming: Any, outgoing: Any, server_side: bool = False,
                 server_hostname: str | None = None, session: Any = None) -> Any:
        sslobj = super().wrap_bio(incoming, outgoing, server_side, server_hostname, session)
        if self.keylog is not None:
            self.keylog.wrapped(sslobj)
        return sslobj

    def enable_keylog(self) -> _KeyLog | None:
        """The context's key log, set up on first use; None without bindings."""
        if self.keylog is None:
            keylog = _KeyLog()
            if _openssl.set_keylog(self, keylog.on_line):
                self.keylog = keylog
        return self.keylog


class _Sessions:
    """A client context's new sessions (OpenSSL's new-session callback: Node's
    ``'session'``), by connection, each taken as OpenSSL makes it (the
    connection's current session then: a TLS 1.3 ticket's own, not the
    newest). As with the key log, OpenSSL may call back before a TLSSocket
    has its ``SSLObject`` (a TLS 1.2 handshake): the sessions wait here from
    ``wrap_bio`` until the socket claims them, and later ones (TLS 1.3
    tickets) go straight to the socket."""

    __slots__ = ("got", "objects", "listeners", "__weakref__")

    def __init__(self) -> None:
        self.got: dict[int, list[Any]] = {}
        self.objects: dict[int, Any] = {}  # weak references to the SSLObjects
        self.listeners: dict[int, Callable[[Any], None]] = {}

    def on_session(self, ssl_ptr: int) -> None:
        ref = self.objects.get(ssl_ptr)
        sslobj = ref() if ref is not None else None
        if sslobj is None:
            return
        # (Inside OpenSSL's read: ssl's session getter copies the SSL's current
        # session, which OpenSSL has just made this new one.)
        session = sslobj.session
        listener = self.listeners.get(ssl_ptr)
        if listener is not None:
            listener(session)
        elif ssl_ptr in self.got:
            self.got[ssl_ptr].append(session)

    def wrapped(self, sslobj: Any) -> None:
        pointer = _openssl.ssl_pointer(sslobj)
        if pointer:
            self.got[pointer] = []
            self.objects[pointer] = weakref.ref(sslobj)
            self.listeners.pop(pointer, None)  # (a freed SSL's address, reused)
            weakref.finalize(sslobj, self._forget, weakref.ref(self), pointer)

    @staticmethod
    def _forget(ref: Any, pointer: int) -> None:
        sessions = ref()
        if sessions is not None:
            sessions.got.pop(pointer, None)
            sessions.objects.pop(pointer, None)
            sessions.listeners.pop(pointer, None)

    def claim(self, sslobj: Any, listener: Callable[[Any], None]) -> list[Any] | None:
        """The sessions ``sslobj``'s connection got so far (None: not
        followed); each later one is given to ``listener``."""
        pointer = _openssl.ssl_pointer(sslobj)
        if not pointer or pointer not in self.got:
            return None
        self.listeners[pointer] = listener
        return self.got.pop(pointer)


class _ClientContext(_OwnContext):
    """A client context that can resume sessions through the loop's TLS
    transport: the transport calls ``wrap_bio`` without a session, so each
    handshake takes the session queued for its server name just before.
    ``sessions`` counts each connection's new sessions (None without the
    OpenSSL bindings: then 'session' is told once per connection)."""

    sessions: _Sessions | None = None

    def enable_sessions(self) -> None:
        sessions = _Sessions()
        if _openssl.set_new_session(self, sessions.on_session):
            self.sessions = sessions

    def queue_session(self, server_hostname: str | None, session: Any) -> None:
        pending = self.__dict__.setdefault("pending_sessions", {})
        pending.setdefault(server_hostname, deque()).append(session)

    def wrap_bio(self, incoming: Any, outgoing: Any, server_side: bool = False,
                 server_hostname: str | None = None, session: Any = None) -> Any:
        queue = self.__dict__.get("pending_sessions", {}).get(server_hostname)
        if queue:
            queued = queue.popleft()
            session = session or queued
        try:
            sslobj = super().wrap_bio(incoming, outgoing, server_side, server_hostname, session)
        except ValueError:
            if session is None:
                raise
            # A session from another context (ssl ties one to its context):
            # Node would offer it and get a full handshake; so does this.
            sslobj = super().wrap_bio(incoming, outgoing, server_side, server_hostname)
        if self.sessions is not None:
            self.sessions.wrapped(sslobj)
        return sslobj


_PEM_TYPES = (str, bytes, bytearray, memoryview)


def _check_pem(name: str, value: Any) -> None:
    """Node's validateKeyOrCertOption: PEM text as ``str`` or bytes, or a list
    of them (a key list may hold ``{'pem': ..., 'passphrase': ...}`` too);
    None and False mean "not given"."""
    if value is None or value is False:
        return
    many = isinstance(value, (list, tuple))
    for item in value if many else [value]:
        if isinstance(item, _PEM_TYPES) or many and name == "key" and isinstance(item, dict):
            continue
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "options.{name}" property must be of type string or an '
                            f"instance of Buffer, TypedArray, or DataView. Received "
                            f"{type(item).__name__} {item!r}")


def _pem_list(value: Any) -> list[str]:
    if value is None or value is False:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    items = [item["pem"] if isinstance(item, dict) else item for item in items]
    return [bytes(item).decode("ascii") if isinstance(item, (bytes, bytearray, memoryview))
            else str(item) for item in items]


def _load_pairs(ctx: ssl.SSLContext, opts: dict[str, Any]) -> None:
    """``key``/``cert`` (PEM, or lists to pair up), then ``pfx``: ``ssl`` loads
    them only from files, so each pair goes through a private temporary file.

    A key without a certificate, or a certificate without a key, is not
    loaded (``ssl`` loads the two together): as in Node, the context is made
    and a handshake that needs them fails."""
    for name in ("ca", "cert", "key"):  # (Node's order)
        _check_pem(name, opts.get(name))
    keys, certs = _pem_list(opts.get("key")), _pem_list(opts.get("cert"))
    if certs and keys:
        for i, cert in enumerate(certs):
            _load_pair(ctx, keys[i] if i < len(keys) else keys[0], cert,
                       opts.get("passphrase"))
    pfx = opts.get("pfx")
    if pfx is not None and pfx is not False:
        for item in pfx if isinstance(pfx, (list, tuple)) else [pfx]:
            buf, passphrase = item, opts.get("passphrase")
            if isinstance(item, dict):
                buf, passphrase = item.get("buf"), item.get("passphrase", passphrase)
            key, chain, cas = _pkcs12(buf, passphrase)
            _load_pair(ctx, key, "".join(chain), None)
            if cas:
                ctx.load_verify_locations(cadata="".join(cas))


def _load_pair(ctx: ssl.SSLContext, key: str, cert: str, passphrase: Any) -> None:
    fd, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(key + "\n" + cert)
        ctx.load_cert_chain(path, password=passphrase)
    except ssl.SSLError as exc:
        raise _handshake_error(exc, True) from exc
    finally:
        os.unlink(path)


def _pkcs12(data: Any, passphrase: Any) -> tuple[str, list[str], list[str]]:
    """A PKCS#12 (``pfx``) bundle as PEM: the key, the certificate and its
    chain, and the CA certificates (Node trusts those too). ``ssl`` cannot
    read PKCS#12; ``cryptography`` can, when it is installed."""
    if isinstance(data, str):
        data = data.encode("latin-1")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            'The "options.pfx" property must be of type string or an '
                            f"instance of Buffer, TypedArray, or DataView. Received {data!r}")
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12
    except ImportError as exc:
        raise NodeError("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                        "the pfx option needs the 'cryptography' package") from exc
    password = passphrase.encode() if isinstance(passphrase, str) else passphrase
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(bytes(data), password or None)
    except (ValueError, TypeError) as exc:
        raise TLSError("ERR_SSL_PKCS12", f"Unable to load PFX certificate: {exc}") from exc
    if key is None or cert is None:
        raise TLSError("ERR_SSL_PKCS12", "Unable to load PFX certificate: no key or certificate")
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    others = [c.public_bytes(pem).decode("ascii") for c in extra or ()]
    return key_pem, [cert.public_bytes(pem).decode("ascii"), *others], others


def _set_alpn(ctx: ssl.SSLContext, protocols: Any) -> None:
    ctx.set_alpn_protocols([p.decode() if isinstance(p, bytes) else p for p in protocols])


# Node's secureProtocol methods -> (min, max) versions; None: no bound.
_METHODS: dict[str, tuple[str | None, str | None]] = {
    "TLS_method": (None, None), "TLSv1_method": ("TLSv1", "TLSv1"),
    "TLSv1_1_method": ("TLSv1.1", "TLSv1.1"), "TLSv1_2_method": ("TLSv1.2", "TLSv1.2"),
}
for _method in list(_METHODS):
    for _side in ("_server_method", "_client_method"):
        _METHODS[_method.removesuffix("_method") + _side] = _METHODS[_method]
for _side in ("", "_server", "_client"):
    _METHODS[f"SSLv23{_side}_method"] = (None, None)


def _versions(opts: dict[str, Any]) -> tuple[str | None, str | None]:
    """(min, max) from ``min_version``/``max_version`` or Node's ``secure_protocol``."""
    method = opts.get("secure_protocol")
    if method is None:
        return opts.get("min_version") or DEFAULT_MIN_VERSION, opts.get("max_version")
    for key in ("min_version", "max_version"):
        if opts.get(key):
            raise NodeTypeError("ERR_TLS_PROTOCOL_VERSION_CONFLICT",
                                f'TLS protocol version "{opts[key]}" conflicts with '
                                f'secureProtocol "{method}"')
    if method not in _METHODS:
        if isinstance(method, str) and method.startswith(("SSLv2", "SSLv3")):
            raise NodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", f"{method[:5]} methods disabled")
        raise NodeTypeError("ERR_TLS_INVALID_PROTOCOL_METHOD", f"Unknown method: {method}")
    low, high = _METHODS[method]
    return low or "TLSv1", high


def _configure(ctx: ssl.SSLContext, opts: dict[str, Any]) -> None:
    if opts.get("session_timeout") is not None:
        raise NodeError("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                        "session_timeout cannot be set through Python's ssl module")
    for name, attr in zip(_versions(opts), ("minimum_version", "maximum_version"), strict=True):
        if name is not None:
            if name not in _VERSIONS:
                raise NodeTypeError("ERR_TLS_INVALID_PROTOCOL_VERSION",
                                    f"{name!r} is not a valid TLS protocol version")
            setattr(ctx, attr, _VERSIONS[name])
    if opts.get("ciphers"):
        ctx.set_ciphers(opts["ciphers"])
    _configure_more(ctx, opts)
    alpn = opts.get("alpn_protocols")
    if alpn:
        _set_alpn(ctx, alpn)
    _load_pairs(ctx, opts)
    cas = _pem_list(opts.get("ca"))
    if cas:
        ctx.load_verify_locations(cadata="\n".join(cas))
    elif isinstance(ctx, _ClientContext):
        ctx.load_default_certs(ssl.Purpose.SERVER_AUTH)
    elif opts.get("request_cert"):
        # Only a server that verifies clients needs the roots: with them
        # loaded, OpenSSL searches the system's CA directory on every
        # handshake to build the server's own chain.
        ctx.load_default_certs(ssl.Purpose.CLIENT_AUTH)


def _configure_more(ctx: ssl.SSLContext, opts: dict[str, Any]) -> None:
    """Node's ``secureOptions``, ``honorCipherOrder``, ``ecdhCurve``,
    ``dhparam`` and ``sessionIdContext``."""
    if opts.get("secure_options"):
        ctx.options |= int(opts["secure_options"])
    if opts.get("honor_cipher_order"):
        ctx.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    curve = opts.get("ecdh_curve")
    if curve and curve != "auto":
        done = _openssl.set_groups(ctx, str(curve))
        if done is None and ":" not in str(curve):  # (no bindings: one curve only)
            try:
                ctx.set_ecdh_curve(str(curve))
                done = True
            except ValueError:
                done = False
        if not done:
            raise NodeError("ERR_CRYPTO_OPERATION_FAILED", "Failed to set ECDH curve")
    dhparam = opts.get("dhparam")
    if dhparam and dhparam != "auto":
        _check_pem("dhparam", dhparam)
        _load_dh_params(ctx, _pem_list(dhparam)[0])
    sid = opts.get("session_id_context")
    if sid is not None:
        if not isinstance(sid, str):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options.sessionIdContext" '
                                f"property must be of type string. Received {sid!r}")
        if len(sid.encode()) > 32:  # (OpenSSL's limit; Node throws its error)
            raise NodeError("ERR_CRYPTO_OPERATION_FAILED", "Failed to set sessionIdContext")
        _openssl.set_session_id_context(ctx, sid.encode())


def _load_dh_params(ctx: ssl.SSLContext, pem: str) -> None:
    """DH parameters in PEM; as in Node, ones that do not parse are ignored."""
    fd, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(pem)
        ctx.load_dh_params(path)
    except ssl.SSLError:
        pass
    finally:
        os.unlink(path)


class SecureContext:
    """Node's ``tls.SecureContext``: the options, with the Python contexts
    made from them (``ssl`` needs one per side; each made once)."""

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.options = {**(options or {}), **kwargs}
        self._client: ssl.SSLContext | None = None
        self._unverified: ssl.SSLContext | None = None
        self._server: ssl.SSLContext | None = None

    @property
    def client_context(self) -> ssl.SSLContext:
        """For connections that verify the server (``reject_unauthorized``)."""
        if self._client is None:
            ctx = _ClientContext(ssl.PROTOCOL_TLS_CLIENT)
            # Node checks the host itself after the handshake (check_server_identity).
            ctx.check_hostname = False
            _configure(ctx, self.options)
            ctx.enable_sessions()
            self._client = ctx
        return self._client

    @property
    def unverified_client_context(self) -> ssl.SSLContext:
        """For ``reject_unauthorized=False``: ``ssl`` verifies per context, not
        per connection, so the same options get a second context."""
        if self._unverified is None:
            ctx = _ClientContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            _configure(ctx, self.options)
            ctx.enable_sessions()
            # Node verifies anyway and reports the result (authorized,
            # authorization_error); without the OpenSSL bindings, ssl can only
            # skip verification.
            if not _openssl.accept_unverified(ctx):
                ctx.verify_mode = ssl.CERT_NONE
            self._unverified = ctx
        return self._unverified

    @property
    def server_context(self) -> ssl.SSLContext:
        if self._server is None:
            ctx = _OwnContext(ssl.PROTOCOL_TLS_SERVER)
            _configure(ctx, self.options)
            self._server = ctx
        return self._server


def create_secure_context(options: dict[str, Any] | None = None, **kwargs: Any,
                          ) -> SecureContext:
    """``tls.createSecureContext(options)``: ``key``, ``cert``, ``ca``,
    ``passphrase``, ``ciphers``, ``min_version``, ``max_version``."""
    sc = SecureContext(options, **kwargs)
    # Node validates at once: a bad PEM or version raises here, not later.
    if sc.options.get("cert") or sc.options.get("key"):
        sc.server_context  # noqa: B018 - built for its errors
    else:
        sc.client_context  # noqa: B018
    return sc


def _side_context(value: Any, server_side: bool, verify: bool = True) -> ssl.SSLContext:
    if isinstance(value, ssl.SSLContext):
        # (a ready context keeps ssl's own SSLObject: the direct one's read()
        # wants its size, which would change the user's object)
        return value
    if isinstance(value, SecureContext):
        if server_side:
            return value.server_context
        return value.client_context if verify else value.unverified_client_context
    raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                        'The "options.secure_context" property must be a tls.SecureContext '
                        f"or an ssl.SSLContext. Received {value!r}")


def __getattr__(name: str) -> Any:
    # PEP 562: root_certificates is read from the system store on first use.
    if name == "root_certificates":
        ctx = ssl.create_default_context()
        certs = ctx.get_ca_certs(binary_form=True)
        value = tuple(ssl.DER_cert_to_PEM_cert(der) for der in certs)
        globals()["root_certificates"] = value
        return value
    raise AttributeError(f"module 'nodekit.tls' has no attribute {name!r}")


# -- certificates -----------------------------------------------------------------
def _name_dict(rdns: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rdn in rdns or ():
        for key, value in rdn:
            key = _NAME_KEYS.get(key, key)
            if key in out:  # Node: a repeated field becomes a list
                prev = out[key]
                out[key] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                out[key] = value
    return out


def _fingerprint(der: bytes, algo: str) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.new(algo, der).digest())


def peer_certificate(decoded: dict[str, Any] | None, der: bytes | None,
                     public_key: bool = True) -> dict[str, Any]:
    """Node's certificate object from ``ssl``'s decoded dict and the DER bytes
    (with ``public_key``, an RSA key's ``bits``, ``exponent``, ``modulus``)."""
    if not der:
        return {}
    cert: dict[str, Any] = {"raw": der, "fingerprint": _fingerprint(der, "sha1"),
                            "fingerprint256": _fingerprint(der, "sha256"),
                            "fingerprint512": _fingerprint(der, "sha512")}
    if decoded:
        cert["subject"] = _name_dict(decoded.get("subject"))
        cert["issuer"] = _name_dict(decoded.get("issuer"))
        cert["valid_from"] = decoded.get("notBefore")
        cert["valid_to"] = decoded.get("notAfter")
        cert["serial_number"] = decoded.get("serialNumber")
        sans = decoded.get("subjectAltName")
        if sans:
            cert["subjectaltname"] = ", ".join(f"{kind}:{value}" for kind, value in sans)
    if public_key:
        cert.update(_rsa_numbers(der))
    return cert


def _rsa_numbers(der: bytes) -> dict[str, Any]:
    """Node's ``bits``, ``exponent`` ('0x10001') and ``modulus`` (upper-case
    hex) of an RSA certificate, read with ``cryptography`` when it is
    installed (``ssl`` does not decode keys); nothing otherwise."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import rsa
    except ImportError:
        return {}
    try:
        key = x509.load_der_x509_certificate(der).public_key()
    except ValueError:
        return {}
    if not isinstance(key, rsa.RSAPublicKey):
        return {}
    numbers = key.public_numbers()
    return {"bits": key.key_size, "exponent": f"0x{numbers.e:x}", "modulus": f"{numbers.n:X}"}


def _altname_error(host: str, reason: str) -> TLSError:
    err = TLSError("ERR_TLS_CERT_ALTNAME_INVALID",
                   f"Hostname/IP does not match certificate's altnames: {reason}")
    err.reason = reason  # type: ignore[attr-defined]
    err.host = host  # type: ignore[attr-defined]
    return err


def _dns_match(host: str, pattern: str) -> bool:
    """RFC 6125 §6.4.3 as Node applies it: one leftmost ``*`` label, never
    matching a dot, and never for a public suffix of fewer than 3 labels."""
    host, pattern = host.lower().rstrip("."), pattern.lower().rstrip(".")
    if pattern == host:
        return True
    labels, hlabels = pattern.split("."), host.split(".")
    if "*" not in labels[0] or len(labels) < 3 or len(labels) != len(hlabels):
        return False
    if labels[1:] != hlabels[1:]:
        return False
    prefix, _, suffix = labels[0].partition("*")
    first = hlabels[0]
    return len(first) >= len(prefix) + len(suffix) and first.startswith(prefix) \
        and first.endswith(suffix)


def check_server_identity(hostname: str, cert: dict[str, Any]) -> TLSError | None:
    """Node's ``tls.checkServerIdentity``: None if ``cert`` is valid for ``hostname``."""
    sans = [s.strip() for s in (cert.get("subjectaltname") or "").split(",") if s.strip()]
    dns = [s[4:] for s in sans if s.startswith("DNS:")]
    ips = [s[11:] for s in sans if s.startswith("IP Address:")]
    try:
        addr = ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        addr = None
    if addr is not None:
        if any(_same_ip(addr, ip) for ip in ips):
            return None
        return _altname_error(hostname, f'IP: {hostname} is not in the cert\'s list: '
                              f'{", ".join(ips)}')
    if dns:
        if any(_dns_match(hostname, name) for name in dns):
            return None
        return _altname_error(hostname, f"Host: {hostname}. is not in the cert's altnames: "
                              f"{', '.join(sans)}")
    cn = (cert.get("subject") or {}).get("CN")
    names = cn if isinstance(cn, list) else [cn] if cn else []
    if any(_dns_match(hostname, name) for name in names):
        return None
    return _altname_error(hostname, f"Host: {hostname}. is not cert's CN: {cn}" if cn
                          else "Cert does not contain a DNS name")


def _same_ip(addr: Any, text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip()) == addr
    except ValueError:
        return False


# -- the handshake ------------------------------------------------------------------
class _SecureProtocol(asyncio.BufferedProtocol):
    """The TLS transport's own protocol during the handshake: it holds what
    arrives between the end of the handshake and the socket being ready
    (asyncio reads application data at once) and replays it in
    ``hand_over``; it answers ``eof_received`` with False, as a TLS
    transport wants. Once the socket is ready (a client's: after its first
    data, which ``on_first_data`` is told of), a :class:`_DirectProtocol`
    takes its place."""

    __slots__ = ("target", "early", "eof", "scratch", "on_first_data")

    def __init__(self) -> None:
        self.target: Any = None
        self.early: list[bytes] = []
        self.eof = False
        self.scratch = memoryview(bytearray(0))
        self.on_first_data: Callable[[], None] | None = None

    def get_buffer(self, sizehint: int) -> Any:
        target = self.target
        if target is not None:
            return target.get_buffer(sizehint)
        # A memoryview, not the bytearray: the ssl transport reads a second
        # record into ``buf[offset:]``, which of a bytearray is a copy (the
        # bytes would be lost and zeros reported in their place).
        self.scratch = memoryview(bytearray(max(sizehint, 16384)))
        return self.scratch

    def buffer_updated(self, nbytes: int) -> None:
        target = self.target
        if target is None:
            self.early.append(bytes(self.scratch[:nbytes]))
            return
        hook = self.on_first_data
        if hook is not None:
            # Before the data: a TLS 1.3 ticket read with it is the
            # 'session' that must come before the response it carries.
            self.on_first_data = None
            hook()
        target.buffer_updated(nbytes)

    def eof_received(self) -> bool:
        if self.target is not None:
            self.target.eof_received()
        else:
            self.eof = True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        # Before the hand-over a lost connection is the handshake's failure,
        # which start_tls reports.
        if self.target is not None:
            self.target.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.target is not None:
            self.target.pause_writing()

    def resume_writing(self) -> None:
        if self.target is not None:
            self.target.resume_writing()

    def hand_over(self, protocol: Any, transport: Any, replay: bool = True) -> None:
        """Make ``protocol`` the transport's (net's), then (unless ``replay`` is
        False: the caller calls :meth:`replay`) replay what came early."""
        protocol.connection_made(transport)
        self.target = protocol
        if replay:
            self.replay()

    def replay(self) -> None:
        protocol = self.target
        for chunk in self.early:
            buf = protocol.get_buffer(len(chunk))
            buf[:len(chunk)] = chunk
            protocol.buffer_updated(len(chunk))
        self.early = []
        if self.eof:
            protocol.eof_received()


class _DirectProtocol(asyncio.BufferedProtocol):
    """The TLS transport's protocol once net's is ready: net's own bound
    methods sit in the slots the transport calls, so a read reaches the
    socket without a hop (the transport looks ``get_buffer`` and
    ``buffer_updated`` up once, in ``set_protocol``); only ``eof_received``
    passes through here, to answer False as a TLS transport wants."""

    __slots__ = ("target", "get_buffer", "buffer_updated", "connection_lost",
                 "pause_writing", "resume_writing")

    def __init__(self, target: Any) -> None:
        self.target = target
        self.get_buffer = target.get_buffer
        self.buffer_updated = target.buffer_updated
        self.connection_lost = target.connection_lost
        self.pause_writing = target.pause_writing
        self.resume_writing = target.resume_writing

    def eof_received(self) -> bool:
        self.target.eof_received()
        return False


def _go_direct(transport: Any, protocol: Any) -> None:
    # (asyncio's TLS transport, once closed, has no protocol to set)
    if not transport.is_closing():
        transport.set_protocol(_DirectProtocol(protocol))


def _drive(coro: Any, done: Callable[[Any, BaseException | None], None]) -> None:
    """Run ``coro`` now up to its first wait, then on as its futures complete.

    ``loop.start_tls`` must take the transport over inside ``connection_made``
    (a task would start a loop turn later, after the ClientHello may have
    reached the plain protocol); this is a task's stepping, begun eagerly."""

    def step(_fut: Any = None) -> None:
        try:
            waited = coro.send(None)
        except StopIteration as stop:
            result, error = stop.value, None
        except BaseException as exc:  # noqa: BLE001 - reported to done()
            result, error = None, exc
        else:
            if waited is None:
                asyncio.get_running_loop().call_soon(step)
            else:
                waited.add_done_callback(step)
            return
        # Outside the except clauses: what done() starts (the whole HTTP
        # exchange, for early data) must not run with StopIteration as the
        # exception being handled (its errors would chain to it).
        done(result, error)

    step()


# -- ALPN: the client's list, read from its ClientHello ------------------------------
# A fatal no_application_protocol (120) alert record; sent in the clear, as
# every alert before the ServerHello is.
_ALERT_NO_APPLICATION_PROTOCOL = bytes((21, 3, 3, 0, 2, 2, 120))
_HANDSHAKE_RECORD, _CLIENT_HELLO, _ALPN_EXTENSION = 22, 1, 16
_MAX_HELLO = 65536  # past this, OpenSSL judges the hello alone


def _client_hello_alpn(data: bytes) -> list[bytes] | None:
    """The ALPN protocols offered in the ClientHello that ``data`` starts
    with; None while it is incomplete; ``[]`` when there are none or the
    bytes are no ClientHello (OpenSSL refuses those itself)."""
    message = bytearray()
    pos = 0
    while pos + 5 <= len(data):
        if data[pos] != _HANDSHAKE_RECORD:
            return []
        end = pos + 5 + int.from_bytes(data[pos + 3:pos + 5], "big")
        if end > len(data):
            break
        message += data[pos + 5:end]
        pos = end
        if len(message) >= 4:
            if message[0] != _CLIENT_HELLO:
                return []
            size = 4 + int.from_bytes(message[1:4], "big")
            if len(message) >= size:
                try:
                    return _alpn_extension(memoryview(message)[4:size])
                except IndexError:
                    return []
    return None if len(data) < _MAX_HELLO else []


def _alpn_extension(hello: memoryview) -> list[bytes]:
    """ClientHello body: version, random, session id, ciphers, compression,
    then the extensions (RFC 8446 §4.1.2); ALPN's is a list of 8-bit strings."""
    pos = 2 + 32
    pos += 1 + hello[pos]
    pos += 2 + int.from_bytes(hello[pos:pos + 2], "big")
    pos += 1 + hello[pos]
    end = min(len(hello), pos + 2 + int.from_bytes(hello[pos:pos + 2], "big"))
    pos += 2
    while pos + 4 <= end:
        kind = int.from_bytes(hello[pos:pos + 2], "big")
        size = int.from_bytes(hello[pos + 2:pos + 4], "big")
        pos += 4
        if kind == _ALPN_EXTENSION:
            names, at, stop = [], pos + 2, min(end, pos + size)
            while at < stop:
                names.append(bytes(hello[at + 1:at + 1 + hello[at]]))
                at += 1 + hello[at]
            return names
        pos += size
    return []


class _HelloReader(asyncio.BufferedProtocol):
    """In front of the TLS transport's protocol (``start_tls``'s) until the
    ClientHello is in: it reads the client's ALPN list, calls ``refuse()``
    instead of passing the hello on when the server shares none of it, and
    otherwise steps aside (the transport's protocol is start_tls's again)."""

    __slots__ = ("transport", "inner", "ours", "refuse", "buffer", "seen")

    def __init__(self, transport: Any, protocols: Any, refuse: Callable[[], None]) -> None:
        self.transport = transport
        self.inner = transport.get_protocol()
        self.ours = {p.encode() if isinstance(p, str) else bytes(p) for p in protocols}
        self.refuse = refuse
        self.buffer: Any = None
        self.seen = b""

    def get_buffer(self, sizehint: int) -> Any:
        self.buffer = self.inner.get_buffer(sizehint)
        return self.buffer

    def buffer_updated(self, nbytes: int) -> None:
        self.seen += bytes(self.buffer[:nbytes])
        offered = _client_hello_alpn(self.seen)
        if offered is not None:
            self.transport.set_protocol(self.inner)
            self.seen = b""
            if offered and self.ours.isdisjoint(offered):
                self.refuse()
                return
        self.inner.buffer_updated(nbytes)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


# The buffer sizes a TLSSocket takes as a net.Socket does.
_STREAM_MARKS = ("high_water_mark", "readable_high_water_mark", "writable_high_water_mark")


class TLSSocket(net.Socket):
    """Node's ``tls.TLSSocket``: a ``net.Socket`` whose bytes go through TLS.

    Made by :func:`connect` (client) and by ``tls.Server`` (server side);
    options as ``tls.connect``'s plus ``is_server``, ``secure_context``,
    ``request_cert``, ``handshake_timeout``."""

    encrypted = True
    authorized = False
    authorization_error: str | None = None
    alpn_protocol: str | bool = False
    servername: str | bool | None = None
    _ssl_object: Any = None
    _secured = False
    _plain: Any = None  # the TCP transport while the handshake runs
    _handshake_timer: runtime.Timeout | None = None
    _failure: TLSError | None = None  # why the server cut the handshake off
    _session_told = False  # the connection's session count is claimed
    _sessions_due: list[Any] | None = None  # new sessions not told yet
    _keylog: _KeyLog | None = None
    _keylog_hook: Callable[..., None] | None = None  # 'newListener' while handshaking

    def __init__(self, socket: net.Socket | dict[str, Any] | None = None,
                 options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if not isinstance(socket, net.Socket):  # TLSSocket(options)
            socket, options = None, socket if options is None else options
        opts = {**(options or {}), **kwargs}
        super().__init__({"allow_half_open": bool(opts.get("allow_half_open", False)),
                          **{k: opts[k] for k in _STREAM_MARKS if opts.get(k) is not None}})
        self._tls_options = opts
        self._server_side = bool(opts.get("is_server"))
        self._parent: net.Socket | None = None
        if socket is not None:
            self._wrap_socket(socket)

    def _wrap_socket(self, plain: net.Socket) -> None:
        """Node's ``new tls.TLSSocket(socket, options)``: TLS over ``plain``'s
        connection; the two sockets close together. A server side
        (``is_server``) handshakes at once; a client side when started
        (``tls.connect({'socket': plain})``), as in Node."""
        opts = self._tls_options
        opts["reject_unauthorized"] = _rejects(opts)
        if opts.get("secure_context") is None:
            opts["secure_context"] = SecureContext(opts)
        self._parent = plain
        self.once("close", lambda *_: plain.destroy())
        plain.once("close", lambda *_: self.destroy())
        if self._server_side:
            self._start()

    def _start(self) -> None:
        """The handshake over the wrapped socket's connection (once it has one)."""
        plain = self._parent
        if plain.connecting:
            plain.once("connect", lambda *_: self._adopt_connection(plain))
        else:
            self._adopt_connection(plain)

    def __repr__(self) -> str:
        state = "secure" if self._secured else "handshaking" if self._plain else "new"
        return f"<TLSSocket {state} {self.remote_address}:{self.remote_port}>"

    # -- net's hooks -----------------------------------------------------------
    def _wrap_transport(self, transport: Any, protocol: Any) -> bool:
        if self._secured:
            return False  # the secure transport, handed back: a socket as any other
        self._start_handshake(transport, protocol)
        return True

    def _destroy(self, err: BaseException | None, callback: Callable[..., Any]) -> None:
        plain, self._plain = self._plain, None
        self._stop_handshake_timer()
        if self._keylog_hook is not None:
            self._drop_keylog_hook()
        if plain is not None:
            plain.abort()  # start_tls then fails; _handshake_done sees destroyed
        super()._destroy(err, callback)

    def _force_close(self) -> None:
        plain, self._plain = self._plain, None
        if plain is not None:
            plain.abort()
        super()._force_close()

    def _on_connection_lost(self, exc: Exception | None) -> None:
        if isinstance(exc, ssl.SSLError) and self._eof_sent and (
                _ssl_reason(exc) == "APPLICATION_DATA_AFTER_CLOSE_NOTIFY"):
            # NODEKIT_TLS=loop: the loop's TLS transport has no half-close; its
            # close() after our end() sent close_notify, then met the peer's
            # data still unread. Node (and _tlsbio) reads on after close_notify:
            # no error for what the peer sent, the connection ends as the peer's
            # close would end it (that data is lost with this transport).
            exc = None
        if isinstance(exc, ssl.SSLError):
            exc = _handshake_error(exc, self._server_side)  # type: ignore[assignment]
        elif exc is None and not self.destroyed:
            # The peer closed. uvloop's start_tls transport never calls
            # eof_received (its app protocol is not "connection made" to it)
            # and closes itself as it reads the peer's close_notify: the EOF is
            # read here, so that 'end' (due on the next tick) comes first, as
            # in Node, before the close destroys the socket.
            if not self._read_eof:
                transport, self._transport = self._transport, None  # (it is gone)
                self._on_eof()
                self._transport = transport
            runtime.next_tick(super()._on_connection_lost, None)
            return
        super()._on_connection_lost(exc)

    # -- the handshake -----------------------------------------------------------
    def _start_handshake(self, transport: Any, protocol: Any) -> None:
        opts = self._tls_options
        ctx = _side_context(opts["secure_context"], self._server_side, _rejects(opts))
        server_hostname = None
        if not self._server_side:
            server_hostname = self.servername = _sni_name(opts)
            session = opts.get("session")
            if session is not None and isinstance(ctx, _ClientContext):
                ctx.queue_session(server_hostname, session)
        if self.listener_count("keylog") and isinstance(ctx, _OwnContext):
            self._keylog = ctx.enable_keylog()
        self._plain = transport
        self._hold()  # a handshaking connection keeps the program alive, as in Node
        shim = _SecureProtocol()
        ms = opts.get("handshake_timeout")
        if ms is None and self._server_side:
            ms = DEFAULT_HANDSHAKE_TIMEOUT
        if ms:
            self._handshake_timer = runtime.set_timeout(self._on_handshake_timeout, ms)
            self._handshake_timer.unref()
        if _tlsbio.enabled():
            # NodeKit's own TLS transport (half-close, fewer hops): it is its
            # own shim (hand_over, on_first_data).
            bio = _tlsbio.SecureTransport(transport, ctx, self._server_side, server_hostname)
            if self._keylog is None and isinstance(ctx, _OwnContext) and _openssl.AVAILABLE:
                self._keylog_hook = partial(self._keylog_listener_added, ctx, bio)
                self.on("newListener", self._keylog_hook)
            bio.start(partial(self._rt.call, self._handshake_done, protocol, bio))
        else:
            # The loop's own timeout is only a backstop: Node's is ours, above.
            coro = self._rt.loop.start_tls(
                transport, shim, ctx, server_side=self._server_side,
                server_hostname=server_hostname,
                ssl_handshake_timeout=(ms / 1000.0 + 60.0) if ms else 86400.0 * 365)
            _drive(coro, partial(self._rt.call, self._handshake_done, protocol, shim))
        alpn = opts.get("alpn_protocols")
        if alpn and self._server_side and self._plain is not None and not transport.is_closing():
            # start_tls has just made its own protocol the transport's: read
            # the ClientHello on its way in.
            transport.set_protocol(_HelloReader(transport, alpn, self._refuse_alpn))

    def _keylog_listener_added(self, ctx: _OwnContext, bio: Any, event: str,
                               _listener: Any = None) -> None:
        """Node's keylogNewListener: a 'keylog' listener added while the
        handshake runs turns the context's key log on for this connection;
        the lines OpenSSL writes from then on come (those it wrote before
        are gone, as in Node). The connection's SSLObject is the one in our
        TLS transport (the loop's makes its own, out of reach: there the
        listener must be there when the handshake starts)."""
        if event != "keylog":
            return
        self._drop_keylog_hook()
        keylog = ctx.enable_keylog()
        if keylog is not None and self._plain is not None:  # (still handshaking)
            keylog.wrapped(bio.get_extra_info("ssl_object"))
            self._keylog = keylog

    def _drop_keylog_hook(self) -> None:
        hook, self._keylog_hook = self._keylog_hook, None
        if hook is not None:
            self.remove_listener("newListener", hook)

    def _on_handshake_timeout(self) -> None:
        self._handshake_timer = None
        plain = self._plain
        if plain is not None:
            self._failure = TLSError("ERR_TLS_HANDSHAKE_TIMEOUT", "TLS handshake timeout")
            plain.abort()

    def _refuse_alpn(self) -> None:
        """Node's answer to a client that offers ALPN protocols the server
        has none of: a fatal no_application_protocol alert, and the
        handshake fails."""
        plain = self._plain
        if plain is not None:
            self._failure = TLSError("ERR_SSL_NO_APPLICATION_PROTOCOL", "no application protocol")
            plain.write(_ALERT_NO_APPLICATION_PROTOCOL)
            plain.close()  # after the alert; start_tls then fails

    def _stop_handshake_timer(self) -> None:
        timer, self._handshake_timer = self._handshake_timer, None
        if timer is not None:
            timer.close()

    def _handshake_done(self, protocol: Any, shim: _SecureProtocol,
                        transport: Any, exc: BaseException | None) -> None:
        self._plain = None
        if self._keylog_hook is not None:
            self._drop_keylog_hook()
        self._stop_handshake_timer()
        if self.destroyed:
            if transport is not None:
                transport.abort()
            return
        sslobj = transport.get_extra_info("ssl_object") if transport is not None else None
        if sslobj is None or self._failure is not None:
            # (uvloop's start_tls returns a dead transport, not an error, when
            # the connection is aborted or lost mid-handshake.)
            if transport is not None:
                transport.abort()
            self._handshake_failed(self._failure or
                                   _handshake_error(exc or EOFError(), self._server_side))
            return
        self._ssl_object = sslobj
        self._secured = True
        if self._keylog is not None:
            self._emit_keylog(sslobj)
        self.alpn_protocol = sslobj.selected_alpn_protocol() or False
        if self._server_side:
            self._server_secured(sslobj, protocol, shim, transport)
        else:
            self._client_secured(sslobj, protocol, shim, transport)

    def _emit_keylog(self, sslobj: Any) -> None:
        """Node's ``'keylog'`` ``(line)``: the handshake's lines now (OpenSSL
        wrote them before this socket had its connection's SSLObject), any
        later ones as they come."""
        ref = weakref.ref(self)

        def later(line: bytes) -> None:
            sock = ref()
            if sock is not None:
                sock.emit("keylog", line)

        for line in self._keylog.claim(sslobj, later):
            self.emit("keylog", line)

    def _handshake_failed(self, err: BaseException) -> None:
        if self._server_side:
            # Node: the server hears it as 'tlsClientError'; the socket is gone.
            self.emit("_tlsError", err)
            self.destroy()
        else:
            self._fail_connect(err)

    def _server_secured(self, sslobj: Any, protocol: Any, shim: _SecureProtocol,
                        transport: Any) -> None:
        self.servername = _SNI_SEEN.get(sslobj, False)
        if self._tls_options.get("request_cert"):
            if not sslobj.getpeercert(binary_form=True):
                self.authorization_error = "UNABLE_TO_GET_ISSUER_CERT"
            else:
                error = _verify_error(sslobj)
                self.authorized = error is None
                self.authorization_error = error
        shim.hand_over(protocol, transport)
        _go_direct(transport, protocol)

    def _client_secured(self, sslobj: Any, protocol: Any, shim: _SecureProtocol,
                        transport: Any) -> None:
        opts = self._tls_options
        rejects = _rejects(opts)
        # (a rejecting context verified the chain already, or failed)
        code = None if rejects else _verify_error(sslobj, unknown="?")
        if code is None:
            err = None
            if not sslobj.session_reused:
                host = opts.get("servername") or opts.get("host") or "localhost"
                check = opts.get("check_server_identity") or check_server_identity
                err = check(host, self._peer_certificate(False))
            if err:  # Node: any falsy result (None, False) accepts the certificate
                self.authorization_error = getattr(err, "code", None) or str(err)
                if rejects:
                    transport.abort()
                    self._handshake_failed(err)
                    return
            else:
                self.authorized = True
        elif code != "?":  # ("?": not verified at all -- no OpenSSL bindings)
            self.authorization_error = code
        shim.on_first_data = partial(self._on_first_data, protocol, transport)
        # net: 'connect', queued writes go out; then 'secureConnect', and only
        # then the data that came with the handshake's end (Node's order).
        shim.hand_over(protocol, transport, replay=False)
        if not self.destroyed:
            self.emit("secureConnect")
            self._check_session()
        if not self.destroyed:
            shim.replay()

    def _on_first_data(self, protocol: Any, transport: Any) -> None:
        self._check_session()
        _go_direct(transport, protocol)

    def _check_session(self) -> None:
        """Node's ``'session'``, once per new session OpenSSL made (each TLS 1.3
        ticket: two by default, each event its own; a TLS 1.2 full
        handshake's): checked at the end of the handshake and on the first
        data (before it: a next request resuming the session may be what the
        data starts), and a later one is told once OpenSSL's read that made
        it is over. On a resumed connection it is the server's new ticket, as
        in Node (``get_session()`` is the session resumed). Without the
        OpenSSL bindings: once, when a resumable session exists."""
        sslobj = self._ssl_object
        if sslobj is None:
            return
        if not self._session_told:
            ctx = sslobj.context
            sessions = ctx.sessions if isinstance(ctx, _ClientContext) else None
            got = None if sessions is None else sessions.claim(sslobj, self._later_session)
            if got is not None:
                self._session_told = True
                self._sessions_due = [*(self._sessions_due or ()), *got]
            else:
                session = sslobj.session
                if session is not None and session.has_ticket:
                    self._session_told = True
                    self._sessions_due = [*(self._sessions_due or ()), session]
        self._tell_sessions()

    def _later_session(self, session: Any) -> None:
        # Called inside OpenSSL's read: told after it (or by the first data).
        due = self._sessions_due
        if due:
            due.append(session)
        else:
            self._sessions_due = [session]
            runtime.next_tick(self._tell_sessions)

    def _tell_sessions(self) -> None:
        due, self._sessions_due = self._sessions_due, None
        for session in due or ():
            if session is None or self.destroyed:
                return
            _remember_session(session, self._tls_options.get("secure_context"))
            self.emit("session", session)

    # -- Node's TLSSocket members ------------------------------------------------
    def get_peer_certificate(self, detailed: bool = False) -> dict[str, Any]:
        return self._peer_certificate(True)

    def _peer_certificate(self, public_key: bool) -> dict[str, Any]:
        sslobj = self._ssl_object
        if sslobj is None:
            return {}
        return peer_certificate(sslobj.getpeercert(), sslobj.getpeercert(binary_form=True),
                                public_key)

    def get_protocol(self) -> str | None:
        return self._ssl_object.version() if self._ssl_object is not None else None

    def get_cipher(self) -> dict[str, Any] | None:
        cipher = self._ssl_object.cipher() if self._ssl_object is not None else None
        if cipher is None:
            return None
        return {"name": cipher[0], "standard_name": cipher[0], "version": cipher[1]}

    def get_session(self) -> Any:
        """The ``ssl.SSLSession`` (opaque; give it back as ``session=``). On a
        resumed connection it is the session resumed, as in Node (OpenSSL's
        is the TLS 1.3 server's newest ticket)."""
        sslobj = self._ssl_object
        if sslobj is None:
            return None
        offered = self._tls_options.get("session")
        if offered is not None and not self._server_side and sslobj.session_reused:
            return offered
        return sslobj.session

    def is_session_reused(self) -> bool:
        return bool(self._ssl_object is not None and self._ssl_object.session_reused)


def _verify_error(sslobj: Any, unknown: Any = None) -> Any:
    """Node's code for how the peer's chain failed verification (OpenSSL's
    verify result), None if it passed, ``unknown`` if it was not verified."""
    if sslobj.context.verify_mode == ssl.CERT_NONE:
        return unknown
    result = _openssl.verify_result(sslobj)
    if result is None:
        # No bindings: a context that verifies and still got here passed.
        return unknown if _openssl.accepts_unverified(sslobj.context) else None
    return _VERIFY_CODES.get(result, "UNABLE_TO_VERIFY_LEAF_SIGNATURE") if result else None


def _rejects(opts: dict[str, Any]) -> bool:
    """``reject_unauthorized``: True unless False, or unset with Node's
    ``NODE_TLS_REJECT_UNAUTHORIZED=0`` in the environment (warned once, as Node does)."""
    value = opts.get("reject_unauthorized")
    if value is not None:
        return bool(value)
    if os.environ.get("NODE_TLS_REJECT_UNAUTHORIZED") == "0":
        global _warned_env
        if not _warned_env:
            _warned_env = True
            warnings.warn("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to "
                          "'0' makes TLS connections and HTTPS requests insecure by disabling "
                          "certificate verification.", stacklevel=3)
        return False
    return True


_warned_env = False


def _sni_name(opts: dict[str, Any]) -> str | None:
    """Node: the SNI is ``servername``, else the host unless it is an IP address."""
    name = opts.get("servername")
    if name is None:
        host = opts.get("host") or "localhost"
        name = None if net.is_ip(host) else host
    return name or None


# -- client ------------------------------------------------------------------------
_NET_KEYS = ("host", "port", "path", "local_address", "local_port", "family", "timeout",
             "lookup", "auto_select_family", "auto_select_family_attempt_timeout")
# What a client's secure context is made of (a session resumes only on its own).
_CONTEXT_KEYS = ("ca", "cert", "key", "pfx", "passphrase", "ciphers", "min_version",
                 "max_version", "alpn_protocols", "secure_protocol", "honor_cipher_order",
                 "ecdh_curve", "dhparam", "secure_options", "session_id_context")
# Recent client sessions -> the SecureContext they came from (see _context_of).
_SESSION_ORIGINS: OrderedDict[int, tuple[Any, SecureContext]] = OrderedDict()
_MAX_SESSION_ORIGINS = 64


def _remember_session(session: Any, sc: Any) -> None:
    if isinstance(sc, SecureContext):
        _SESSION_ORIGINS[id(session)] = (session, sc)
        _SESSION_ORIGINS.move_to_end(id(session))
        while len(_SESSION_ORIGINS) > _MAX_SESSION_ORIGINS:
            _SESSION_ORIGINS.popitem(last=False)


def _context_of(opts: dict[str, Any]) -> SecureContext:
    """The context for a client connection: a new one from ``opts``, or, when
    ``opts['session']`` came from a connection with the same context options,
    that connection's (``ssl`` resumes a session only on the context that
    made it; Node's session is not tied to one)."""
    origin = _SESSION_ORIGINS.get(id(opts.get("session")))
    if origin is not None and origin[0] is opts["session"]:
        sc = origin[1]
        if all(sc.options.get(k) == opts.get(k) for k in _CONTEXT_KEYS):
            return sc
    return SecureContext(opts)


def _connect_args(args: tuple[Any, ...], kwargs: dict[str, Any],
                  ) -> tuple[dict[str, Any], Callable[..., Any] | None]:
    """``(options, cb)`` or ``(port, host=None, options=None, cb=None)``."""
    rest = list(args)
    callback = kwargs.pop("callback", None)
    if rest and callable(rest[-1]):
        callback = rest.pop()
    opts: dict[str, Any] = {}
    if rest and isinstance(rest[0], dict):
        opts = dict(rest.pop(0))
    elif rest:
        opts["port"] = rest.pop(0)
        if rest and (rest[0] is None or isinstance(rest[0], str)):
            host = rest.pop(0)
            if host is not None:
                opts["host"] = host
        if rest and isinstance(rest[0], dict):
            opts = {**rest.pop(0), **opts}
    opts.update(kwargs)
    return opts, callback


def connect(*args: Any, **kwargs: Any) -> TLSSocket:
    """``tls.connect(options, cb)`` / ``tls.connect(port, host, options, cb)``."""
    opts, callback = _connect_args(args, kwargs)
    opts.setdefault("host", "localhost")
    sc = opts.get("secure_context")
    verify = _rejects(opts)
    opts["reject_unauthorized"] = verify  # decided once, for the whole connection
    if sc is None:
        sc = opts["secure_context"] = _context_of(opts)
    _side_context(sc, False, verify)  # made now: bad options raise at the call
    plain = opts.pop("socket", None)
    if plain is not None:
        # Node's tls.connect({socket}): TLS over a socket of the caller's.
        sock = TLSSocket(plain, {**opts, "is_server": False})
        if callback is not None:
            sock.once("secureConnect", callback)
        sock._start()
        return sock
    sock = TLSSocket({**opts, "is_server": False})
    if callback is not None:
        sock.once("secureConnect", callback)
    sock.connect({k: opts[k] for k in _NET_KEYS if opts.get(k) is not None})
    return sock


# -- server ------------------------------------------------------------------------
class Server(net.Server):
    """Node's ``tls.Server``: accepts TCP, completes the handshake, then
    ``'secureConnection'``; a failed one is ``'tlsClientError'``."""

    def __init__(self, options: dict[str, Any] | Callable[..., Any] | None = None,
                 secure_connection_listener: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        if callable(options):
            secure_connection_listener, options = options, None
        validate_options(options)
        opts = {**(options or {}), **kwargs}
        super().__init__({k: opts[k] for k in ("allow_half_open", "pause_on_connect",
                                               "high_water_mark") if k in opts})
        self._init_tls(opts)
        if secure_connection_listener is not None:
            self.on("secureConnection", secure_connection_listener)

    def _init_tls(self, opts: dict[str, Any]) -> None:
        """The TLS half of the constructor (``https.Server`` calls it too)."""
        sc = opts.get("secure_context")
        ctx = _side_context(sc, True) if sc is not None else SecureContext(opts).server_context
        request_cert = bool(opts.get("request_cert"))
        if request_cert:
            _verify_clients(ctx, bool(opts.get("reject_unauthorized", True)))
        ctx.sni_callback = _sni_hook(opts.get("sni_callback"))
        if opts.get("ticket_keys") is not None:
            _set_ticket_keys(ctx, opts["ticket_keys"])
        alpn = opts.get("alpn_protocols")
        if alpn and sc is not None:
            # Node's ALPNProtocols is the server's, whatever secureContext it
            # is given; ssl keeps the list in the context, so it goes there
            # (a ready ssl.SSLContext's own list is replaced).
            _set_alpn(ctx, alpn)
        self._context = ctx
        self._socket_options = {
            "is_server": True, "secure_context": ctx, "request_cert": request_cert,
            "handshake_timeout": int(opts.get("handshake_timeout", DEFAULT_HANDSHAKE_TIMEOUT)),
            "alpn_protocols": alpn or (
                sc.options.get("alpn_protocols") if isinstance(sc, SecureContext) else None),
        }
        if self.high_water_mark != net.WRITE_HIGH_WATER:
            # Node's server.highWaterMark, for every accepted socket's buffers.
            self._socket_options["high_water_mark"] = self.high_water_mark

    def _new_socket(self) -> net.Socket:
        sock = TLSSocket(self._socket_options, allow_half_open=self._allow_half_open)
        sock.once("_tlsError", partial(self._tls_client_error, sock))
        if self.listener_count("keylog"):
            # Node's server 'keylog' (line, tls_socket), for a server context
            # NodeKit made (a ready ssl.SSLContext has no hook for it).
            sock.on("keylog", partial(self._keylog_line, sock))
        return sock

    def _keylog_line(self, sock: TLSSocket, line: bytes) -> None:
        self.emit("keylog", line, sock)

    def _tls_client_error(self, sock: TLSSocket, err: BaseException) -> None:
        self.emit("tlsClientError", err, sock)

    def _accept(self, sock: net.Socket) -> None:
        super()._accept(sock)
        self.emit("secureConnection", sock)

    def get_ticket_keys(self) -> bytes:
        """Node's ``server.getTicketKeys()``: the 48 bytes that encrypt session
        tickets (needs NodeKit's OpenSSL bindings)."""
        keys = _openssl.get_ticket_keys(self._context)
        if keys is None:
            raise NodeError("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                            "ticket keys cannot be read through Python's ssl module")
        return keys

    def set_ticket_keys(self, keys: bytes) -> None:
        """Node's ``server.setTicketKeys(keys)``: 48 bytes; tickets made with
        the old keys no longer resume (a full handshake instead)."""
        _set_ticket_keys(self._context, keys)

    def set_secure_context(self, options: dict[str, Any]) -> None:
        """Node's ``server.setSecureContext``: new connections use these options
        (the server's ALPN protocols are the server's, kept as they are)."""
        alpn = self._socket_options["alpn_protocols"]
        ctx = SecureContext({"alpn_protocols": alpn, **options}).server_context
        if self._socket_options["request_cert"]:
            _verify_clients(ctx, self._context.verify_mode == ssl.CERT_REQUIRED)
        ctx.sni_callback = self._context.sni_callback
        alpn = self._socket_options["alpn_protocols"]
        if alpn and not options.get("alpn_protocols"):
            _set_alpn(ctx, alpn)  # the server's list (Node's ALPNProtocols) stays
        self._context = ctx
        self._socket_options = {**self._socket_options, "secure_context": ctx}


def _set_ticket_keys(ctx: ssl.SSLContext, keys: Any) -> None:
    if not isinstance(keys, (bytes, bytearray, memoryview)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "buffer" argument must be an '
                            f"instance of Buffer, TypedArray, or DataView. Received {keys!r}")
    if len(keys) != _openssl.TICKET_KEYS_LENGTH:
        raise NodeError("ERR_INTERNAL_ASSERTION", "Session ticket keys must be a 48-byte buffer")
    if not _openssl.set_ticket_keys(ctx, bytes(keys)):
        raise NodeError("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                        "ticket keys cannot be set through Python's ssl module")


def _verify_clients(ctx: ssl.SSLContext, reject: bool) -> None:
    """``request_cert``: ask for a client certificate; with
    ``reject_unauthorized`` refuse one that fails verification, else verify
    it and report (Node's ``authorized``/``authorization_error``) — which
    needs the OpenSSL bindings: without them ssl's CERT_OPTIONAL refuses a
    certificate that fails."""
    ctx.verify_mode = ssl.CERT_REQUIRED if reject else ssl.CERT_OPTIONAL
    if reject:
        _openssl.refuse_unverified(ctx)  # (a context used before without reject)
    else:
        _openssl.accept_unverified(ctx)


def _sni_hook(user_cb: Callable[..., Any] | None) -> Callable[..., Any]:
    """OpenSSL's servername callback: remember the name; with a user
    ``sni_callback(servername, cb)``, switch to the context it gives."""

    def on_servername(sslobj: Any, servername: str | None, _ctx: Any) -> int | None:
        if servername:
            _SNI_SEEN[sslobj] = servername
        if user_cb is None:
            return None
        answer: list[Any] = []
        user_cb(servername, lambda err=None, context=None: answer.append((err, context)))
        if not answer or answer[0][0] is not None:
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME if not answer \
                else ssl.ALERT_DESCRIPTION_HANDSHAKE_FAILURE
        context = answer[0][1]
        if context is not None:
            sslobj.context = _side_context(context, True)
        return None

    return on_servername


def create_server(options: dict[str, Any] | Callable[..., Any] | None = None,
                  secure_connection_listener: Callable[..., Any] | None = None,
                  **kwargs: Any) -> Server:
    """``tls.create_server(options, secure_connection_listener)``."""
    return Server(options, secure_connection_listener, **kwargs)
