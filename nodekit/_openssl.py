"""ctypes bindings to the OpenSSL that Python's ``ssl`` module runs on.

Python's ``ssl`` has no verify callback, no per-line key log, no ticket-key
setter and no session-id context; ``tls`` needs them to behave as Node does.
This module reaches the ``SSL_CTX*`` behind an ``ssl.SSLContext`` and the
``SSL*`` behind an ``ssl.SSLObject`` (the first fields of CPython's
``PySSLContext`` and ``PySSLSocket`` structs, Modules/_ssl.c) in the very
libssl/libcrypto the process has loaded for ``_ssl``, and calls OpenSSL on
them.

Nothing here is trusted blindly: a pointer read from an object is used only
after OpenSSL, asked about it, agrees with what Python reports (the context's
verify mode and options; an SSL's context). When the libraries cannot be
found, the interpreter's layout is unknown, or a check fails, ``AVAILABLE``
is False (``REASON`` says why) and ``tls`` keeps the behaviour of Python's
``ssl`` alone.

Callbacks handed to C are owned by the ``ssl.SSLContext`` they are set on
(kept in its ``__dict__``), so they live exactly as long as the context.
"""

from __future__ import annotations

import ctypes
import hashlib
import ssl
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["AVAILABLE", "REASON", "accept_unverified", "accepts_unverified", "ctx_pointer",
           "function_addresses", "get_ticket_keys", "refuse_unverified", "set_groups", "set_keylog",
           "set_new_session", "set_session_id_context", "set_ticket_keys", "ssl_pointer",
           "verify_result"]

SSL_VERIFY_PEER = 0x01
SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02
_SSL_CTRL_GET_TLSEXT_TICKET_KEYS = 58
_SSL_CTRL_SET_TLSEXT_TICKET_KEYS = 59
TICKET_KEYS_LENGTH = 48

# The CPython versions whose PySSLContext starts with ``SSL_CTX *ctx`` and
# whose PySSLSocket starts with ``PyObject *Socket; SSL *ssl`` right after
# PyObject_HEAD (3.8 to 3.13 alike).
_KNOWN_LAYOUTS = {(3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13)}
_HEAD = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)  # PyObject_HEAD

_VERIFY_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_void_p)
_KEYLOG_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
_NEW_SESSION_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_SSL_CTRL_SET_SESS_CACHE_MODE = 44
_SSL_CTRL_GET_SESS_CACHE_MODE = 45
_SSL_SESS_CACHE_CLIENT = 0x0001
_SSL_SESS_CACHE_NO_INTERNAL_STORE = 0x0200


def _loaded_library(stem: str) -> str | None:
    """The path of the ``stem`` library this process has mapped (``_ssl``'s)."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.rsplit(None, 1)[-1] if "/" in line else ""
                name = path.rsplit("/", 1)[-1]
                if name.startswith(stem + ".so"):
                    return path
    except OSError:
        pass
    import ctypes.util
    return ctypes.util.find_library(stem.removeprefix("lib"))


def _bind() -> tuple[Any, Any]:
    import _ssl  # noqa: F401 - maps the libraries ssl uses

    if sys.version_info[:2] not in _KNOWN_LAYOUTS or sys.implementation.name != "cpython":
        raise OSError(f"unknown _ssl object layout ({sys.implementation.name} "
                      f"{sys.version_info[0]}.{sys.version_info[1]})")
    ssl_path, crypto_path = _loaded_library("libssl"), _loaded_library("libcrypto")
    if not ssl_path or not crypto_path:
        raise OSError("libssl/libcrypto not found (is _ssl statically linked?)")
    libssl, libcrypto = ctypes.CDLL(ssl_path), ctypes.CDLL(crypto_path)
    libcrypto.OpenSSL_version_num.restype = ctypes.c_ulong
    if libcrypto.OpenSSL_version_num() != ssl.OPENSSL_VERSION_NUMBER:
        raise OSError(f"{crypto_path} is not the OpenSSL ssl runs on")
    c_void_p, c_int, c_long = ctypes.c_void_p, ctypes.c_int, ctypes.c_long
    signatures = {
        "SSL_CTX_get_verify_mode": (c_int, [c_void_p]),
        "SSL_CTX_get_options": (ctypes.c_uint64, [c_void_p]),
        "SSL_CTX_set_verify": (None, [c_void_p, c_int, _VERIFY_CB]),
        "SSL_CTX_get_verify_callback": (c_void_p, [c_void_p]),
        "SSL_CTX_set_keylog_callback": (None, [c_void_p, _KEYLOG_CB]),
        "SSL_CTX_sess_set_new_cb": (None, [c_void_p, _NEW_SESSION_CB]),
        "SSL_CTX_ctrl": (c_long, [c_void_p, c_int, c_long, c_void_p]),
        "SSL_CTX_set_session_id_context": (c_int, [c_void_p, ctypes.c_char_p, ctypes.c_uint]),
        "SSL_get_SSL_CTX": (c_void_p, [c_void_p]),
        "SSL_get_verify_result": (c_long, [c_void_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(libssl, name)
        function.restype, function.argtypes = restype, argtypes
    return libssl, libcrypto


try:
    _libssl, _libcrypto = _bind()
    AVAILABLE, REASON = True, ""
except (OSError, AttributeError, ImportError) as _exc:
    _libssl = _libcrypto = None
    AVAILABLE, REASON = False, f"OpenSSL bindings unavailable: {_exc}"


def _field(obj: Any, index: int) -> int:
    """The ``index``-th pointer after ``obj``'s PyObject_HEAD."""
    address = id(obj) + _HEAD + index * ctypes.sizeof(ctypes.c_void_p)
    return ctypes.c_void_p.from_address(address).value or 0


def _mapped(pointer: int) -> bool:
    """Whether ``pointer`` lies in a readable, writable mapping of this
    process (an SSL_CTX or SSL lives on the heap): a wrong layout must fail
    this check, not crash in OpenSSL."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                span, perms = line.split(None, 2)[:2]
                low, high = (int(x, 16) for x in span.split("-"))
                if low <= pointer < high:
                    return perms.startswith("rw")
    except (OSError, ValueError):
        return False
    return False


def _probe() -> None:
    """Check the struct layouts once, on objects made for it: each pointer
    is mapped memory, and OpenSSL sees what Python set on the context."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    pointer = _field(ctx, 0)
    if not pointer or not _mapped(pointer):
        raise OSError("the SSL_CTX pointer of an ssl.SSLContext is not where expected")
    for verify_mode, flag in ((ssl.CERT_REQUIRED, ssl.OP_NO_TICKET),
                              (ssl.CERT_NONE, ssl.OP_NO_COMPRESSION)):
        ctx.verify_mode = verify_mode
        ctx.options |= flag
        if (_libssl.SSL_CTX_get_options(pointer) != int(ctx.options)
                or _libssl.SSL_CTX_get_verify_mode(pointer) & 3 != _MODES[verify_mode]):
            raise OSError("OpenSSL and ssl disagree about a context")
    sslobj = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=True)
    ssl_ptr = _field(sslobj._sslobj, 1)  # (ssl's C object, behind its SSLObject)
    if not ssl_ptr or not _mapped(ssl_ptr) or _libssl.SSL_get_SSL_CTX(ssl_ptr) != pointer:
        raise OSError("the SSL pointer of an ssl.SSLObject is not where expected")


_MODES = {ssl.CERT_NONE: 0, ssl.CERT_OPTIONAL: SSL_VERIFY_PEER,
          ssl.CERT_REQUIRED: SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT}

if AVAILABLE:
    try:
        _probe()
    except OSError as _exc:
        _libssl = _libcrypto = None
        AVAILABLE, REASON = False, f"OpenSSL bindings unavailable: {_exc}"


def ctx_pointer(ctx: ssl.SSLContext) -> int:
    """The ``SSL_CTX*`` of ``ctx``, checked; 0 when it cannot be had safely."""
    if not AVAILABLE or not isinstance(ctx, ssl.SSLContext):
        return 0
    pointer = _field(ctx, 0)
    if not pointer or ctx.__dict__.get("_nodekit_ssl_ctx") not in (None, pointer):
        return 0
    if ctx.__dict__.get("_nodekit_ssl_ctx") == pointer:
        return pointer
    # OpenSSL must describe this SSL_CTX as Python describes its context (a
    # wrong pointer would not give both answers).
    if (_libssl.SSL_CTX_get_options(pointer) != int(ctx.options)
            or _libssl.SSL_CTX_get_verify_mode(pointer) & 3 != _MODES[ctx.verify_mode]):
        return 0
    ctx.__dict__["_nodekit_ssl_ctx"] = pointer
    return pointer


def function_addresses(names: Any) -> dict[str, int] | None:
    """The addresses of the named functions of the libssl (or else libcrypto)
    ``ssl`` runs on, for compiled code to call (``_tlsdirect``); None when
    the bindings are unavailable or a name is not found."""
    if not AVAILABLE:
        return None
    found = {}
    for name in names:
        for library in (_libssl, _libcrypto):
            try:
                function = getattr(library, name)
            except AttributeError:
                continue
            found[name] = ctypes.cast(function, ctypes.c_void_p).value or 0
            break
        if not found.get(name):
            return None
    return found


def ssl_pointer(sslobj: Any) -> int:
    """The ``SSL*`` of an ``ssl.SSLObject`` (or ``SSLSocket``), checked; 0 if not."""
    if not AVAILABLE or not isinstance(sslobj, (ssl.SSLObject, ssl.SSLSocket)):
        return 0
    inner = sslobj._sslobj
    if inner is None:
        return 0
    ctx = ctx_pointer(sslobj.context)
    pointer = _field(inner, 1)
    if not ctx or not pointer or _libssl.SSL_get_SSL_CTX(pointer) != ctx:
        return 0
    return pointer


@_VERIFY_CB
def _accept(preverify_ok: int, store: int) -> int:
    # Node's VerifyCallback: never fail the handshake here; the result stays
    # in SSL_get_verify_result for 'authorized'/'authorizationError'.
    return 1


_ACCEPT_ADDRESS = ctypes.cast(_accept, ctypes.c_void_p).value
_NO_CALLBACK = ctypes.cast(None, _VERIFY_CB)  # (NULL: OpenSSL's own verdict)


def accept_unverified(ctx: ssl.SSLContext, require_cert: bool = False) -> bool:
    """Verify the peer's chain but never refuse it (the result is read with
    :func:`verify_result`). Python's ``verify_mode`` setter keeps the
    callback, and reports the mode as ``CERT_OPTIONAL`` (or ``CERT_REQUIRED``
    with ``require_cert``). True if done."""
    pointer = ctx_pointer(ctx)
    if not pointer:
        return False
    mode = SSL_VERIFY_PEER | (SSL_VERIFY_FAIL_IF_NO_PEER_CERT if require_cert else 0)
    _libssl.SSL_CTX_set_verify(pointer, mode, _accept)
    return True


def refuse_unverified(ctx: ssl.SSLContext) -> None:
    """Undo :func:`accept_unverified`: the mode stays, the callback goes
    (Python's ``verify_mode`` setter keeps a context's callback)."""
    if accepts_unverified(ctx):
        pointer = ctx_pointer(ctx)
        _libssl.SSL_CTX_set_verify(pointer, _libssl.SSL_CTX_get_verify_mode(pointer),
                                   _NO_CALLBACK)


def verify_result(sslobj: Any) -> int | None:
    """OpenSSL's X509_V_* result of the peer's verification; None if unknown."""
    pointer = ssl_pointer(sslobj)
    return int(_libssl.SSL_get_verify_result(pointer)) if pointer else None


def set_keylog(ctx: ssl.SSLContext, callback: Callable[[int, bytes], None]) -> bool:
    """Call ``callback(ssl_pointer, line)`` for each NSS key log line of a
    connection on ``ctx`` (line without its newline). True if done."""
    pointer = ctx_pointer(ctx)
    if not pointer:
        return False

    def on_line(ssl_ptr: int, line: bytes) -> None:
        try:
            callback(ssl_ptr or 0, line)
        except Exception as exc:  # noqa: BLE001 - C cannot take it
            sys.unraisablehook(_unraisable(exc, callback))

    c_callback = _KEYLOG_CB(on_line)
    ctx.__dict__["_nodekit_keylog"] = c_callback  # owned by the context
    _libssl.SSL_CTX_set_keylog_callback(pointer, c_callback)
    return True


def set_new_session(ctx: ssl.SSLContext, callback: Callable[[int], None]) -> bool:
    """Call ``callback(ssl_pointer)`` for each new session a client connection
    on ``ctx`` gets (OpenSSL's new-session callback, which Node's ``'session'``
    is: one per TLS 1.3 ticket, one per TLS 1.2 full handshake). The context
    then caches client sessions, but in no internal store of its own (nothing
    looks a client session up there). True if done."""
    pointer = ctx_pointer(ctx)
    if not pointer:
        return False

    def on_session(ssl_ptr: int, _session: int) -> int:
        try:
            callback(ssl_ptr or 0)
        except Exception as exc:  # noqa: BLE001 - C cannot take it
            sys.unraisablehook(_unraisable(exc, callback, "a TLS session listener"))
        return 0  # OpenSSL keeps its reference: the session is ssl's to hand out

    c_callback = _NEW_SESSION_CB(on_session)
    ctx.__dict__["_nodekit_new_session"] = c_callback  # owned by the context
    mode = _libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_GET_SESS_CACHE_MODE, 0, None)
    mode |= _SSL_SESS_CACHE_CLIENT | _SSL_SESS_CACHE_NO_INTERNAL_STORE
    _libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_SET_SESS_CACHE_MODE, mode, None)
    _libssl.SSL_CTX_sess_set_new_cb(pointer, c_callback)
    return True


def _unraisable(exc: BaseException, obj: Any, what: str = "a TLS keylog listener") -> Any:
    class _Unraisable:
        exc_type, exc_value, exc_traceback = type(exc), exc, exc.__traceback__
        err_msg, object = f"Exception in {what}", obj
    return _Unraisable


def _ticket_keys_length(pointer: int) -> int:
    # OpenSSL 3: a 16-byte name, a 32-byte HMAC key, a 32-byte AES key (80);
    # asked with a NULL buffer, SSL_CTX_ctrl says how long.
    return int(_libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_GET_TLSEXT_TICKET_KEYS, 0, None))


def set_ticket_keys(ctx: ssl.SSLContext, keys: bytes) -> bool:
    """Node's 48 bytes (name, HMAC secret, AES secret: 16 each), stretched
    with SHA-256 to the lengths OpenSSL wants, so that the same 48 bytes
    give the same ticket keys on every context. True if done."""
    pointer = ctx_pointer(ctx)
    if not pointer or len(keys) != TICKET_KEYS_LENGTH:
        return False
    size = _ticket_keys_length(pointer)
    name, hmac_secret, aes_secret = bytes(keys[:16]), bytes(keys[16:32]), bytes(keys[32:])
    if size == TICKET_KEYS_LENGTH:
        native = bytes(keys)
    elif size == 80:
        native = (name + hashlib.sha256(b"hmac" + hmac_secret).digest()
                  + hashlib.sha256(b"aes" + aes_secret).digest())
    else:
        return False
    buf = ctypes.create_string_buffer(native, size)
    if _libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_SET_TLSEXT_TICKET_KEYS, size, buf) != 1:
        return False
    ctx.__dict__["_nodekit_ticket_keys"] = bytes(keys)
    return True


def get_ticket_keys(ctx: ssl.SSLContext) -> bytes | None:
    """The 48 bytes last given to :func:`set_ticket_keys`; else 48 bytes of
    OpenSSL's own keys (name, then the first 16 of each secret)."""
    given = ctx.__dict__.get("_nodekit_ticket_keys")
    if given is not None:
        return given
    pointer = ctx_pointer(ctx)
    if not pointer:
        return None
    size = _ticket_keys_length(pointer)
    if size not in (TICKET_KEYS_LENGTH, 80):
        return None
    buf = ctypes.create_string_buffer(size)
    if _libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_GET_TLSEXT_TICKET_KEYS, size, buf) != 1:
        return None
    raw = buf.raw
    return raw if size == TICKET_KEYS_LENGTH else raw[:32] + raw[48:64]


def set_session_id_context(ctx: ssl.SSLContext, value: bytes) -> bool:
    pointer = ctx_pointer(ctx)
    if not pointer or len(value) > 32:
        return False
    return _libssl.SSL_CTX_set_session_id_context(pointer, value, len(value)) == 1


def accepts_unverified(ctx: ssl.SSLContext) -> bool:
    """Whether :func:`accept_unverified` was applied to ``ctx``."""
    pointer = ctx_pointer(ctx)
    return bool(pointer) and _libssl.SSL_CTX_get_verify_callback(pointer) == _ACCEPT_ADDRESS


_SSL_CTRL_SET_GROUPS_LIST = 92


def set_groups(ctx: ssl.SSLContext, groups: str) -> bool | None:
    """OpenSSL's ``SSL_CTX_set1_groups_list`` (Node's ``ecdhCurve``, a
    colon-separated list): whether OpenSSL took it; None without bindings."""
    pointer = ctx_pointer(ctx)
    if not pointer:
        return None
    return _libssl.SSL_CTX_ctrl(pointer, _SSL_CTRL_SET_GROUPS_LIST, 0,
                                groups.encode("ascii", "replace")) == 1
