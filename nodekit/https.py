"""Node's ``https`` module: ``http`` over ``tls``.

Owns what HTTPS adds to HTTP and nothing else: a server that is both an
``http.Server`` and a ``tls.Server``; ``request``/``get`` that default to
port 443 and ``https:`` (through http's ``_default_agent`` hook); and an
``Agent`` whose pool is keyed by the TLS options too, which opens its
connections with ``tls.connect`` (Node's ``agent.createConnection``),
takes the SNI from the ``Host`` header when none is given, and keeps up to
``max_cached_sessions`` TLS sessions so that a new connection to the same
place resumes one instead of a full handshake.
"""

from __future__ import annotations

import sys
import types
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from . import http, net, tls
from .errors import validate_options
from .http._agent import get_global_agent, set_global_agent
from .http._client import ClientRequest, url_to_http_options

# (global_agent: a property of the module's class, _HttpsModule, below)
__all__ = ["Agent", "Server", "create_server", "get", "global_agent", "request"]  # noqa: F822

# The options that make two TLS connections different: Node's https
# Agent.getName list (in its order) as NodeKit spells the ones it takes,
# then NodeKit's own.
_NAME_KEYS = ("ca", "cert", "ciphers", "key", "pfx", "passphrase", "reject_unauthorized",
              "servername", "min_version", "max_version", "secure_protocol",
              "honor_cipher_order", "ecdh_curve", "dhparam", "secure_options",
              "session_id_context", "alpn_protocols", "check_server_identity", "secure_context")
# What an Agent passes to tls.connect besides the net ones.
_TLS_KEYS = (*_NAME_KEYS, "session", "handshake_timeout")


class Server(tls.Server, http.Server):
    """Node's ``https.Server``: every ``http.Server`` event and limit, over TLS."""

    def __init__(self, options: dict[str, Any] | Callable[..., Any] | None = None,
                 request_listener: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        if callable(options):
            request_listener, options = options, None
        validate_options(options)
        opts = {**(options or {}), **kwargs}
        sc = opts.get("secure_context")
        if not opts.get("alpn_protocols") and not (
                isinstance(sc, tls.SecureContext) and sc.options.get("alpn_protocols")):
            # Node's https.Server: ALPN 'http/1.1' unless told otherwise (a
            # client offering only others, e.g. 'h2', is refused) -- also
            # with a ready ssl.SSLContext, whose own list this replaces
            # (NodeKit's https server speaks HTTP/1.1 only).
            opts["alpn_protocols"] = ["http/1.1"]
        http.Server.__init__(self, opts, request_listener)
        self._init_tls(opts)

    def _tls_client_error(self, sock: tls.TLSSocket, err: BaseException) -> None:
        # Node's https.Server: without a 'tlsClientError' listener the failure
        # is a 'clientError'; with neither, the socket is simply gone.
        if self.listener_count("tlsClientError"):
            self.emit("tlsClientError", err, sock)
        elif self.listener_count("clientError"):
            self.emit("clientError", err, sock)


def create_server(options: dict[str, Any] | Callable[..., Any] | None = None,
                  request_listener: Callable[..., Any] | None = None,
                  **kwargs: Any) -> Server:
    """``https.create_server(options, request_listener)``."""
    return Server(options, request_listener, **kwargs)


def _servername_from_host(value: Any) -> str | None:
    """Node's calculateServerName: the Host header without its port; none for an IP."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("["):
        return None  # an IPv6 literal
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return None if net.is_ip(name) else name


class Agent(http.Agent):
    """Node's ``https.Agent``: ``http.Agent``'s options plus the TLS ones
    (defaults for its connections) and ``max_cached_sessions`` (100)."""

    default_port = 443
    protocol = "https:"

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        self.max_cached_sessions = int(self.options.get("max_cached_sessions", 100))
        self._sessions: OrderedDict[str, Any] = OrderedDict()
        # One secure context per pool name: loading a CA store costs
        # milliseconds, and a TLS session resumes only on its own context.
        self._contexts: OrderedDict[str, tls.SecureContext] = OrderedDict()
        self._keylog_on = False
        # Node's maybeEnableKeylog: 'keylog' is forwarded once a listener was
        # added, from the agent's sockets in use then and from every later one.
        self.on("newListener", self._maybe_enable_keylog)

    def _maybe_enable_keylog(self, event: str, _listener: Any = None) -> None:
        if event != "keylog":
            return
        self.remove_listener("newListener", self._maybe_enable_keylog)
        self._keylog_on = True
        # (Node v20 means to do this, but calls on() on its per-name arrays and
        # throws a TypeError; a socket still connecting logs its handshake.)
        for sockets in list(self.sockets.values()):
            for sock in sockets:
                self._forward_keylog(sock)

    def _forward_keylog(self, sock: Any) -> None:
        # Node's agent 'keylog' (line, tls_socket)
        sock.on("keylog", lambda line: self.emit("keylog", line, sock))

    def get_name(self, options: dict[str, Any] | None = None) -> str:  # type: ignore[override]
        """http's name plus every TLS option that tells two connections apart."""
        options = options or {}
        name = http.Agent.get_name(options)
        for key in _NAME_KEYS:
            value = options.get(key)
            name += ":" + ("" if value is None else _name_part(value))
        return name

    @property
    def _keeps_connection(self) -> bool:
        # (http's rule; https's global agent is this module's)
        return super()._keeps_connection or self is _global_agent()

    def _normalize(self, req: Any, options: dict[str, Any]) -> dict[str, Any]:
        """The agent's TLS defaults under the request's options, and the SNI."""
        merged = {k: v for k, v in self.options.items() if k in _TLS_KEYS}
        merged.update({k: v for k, v in options.items() if v is not None})
        if merged.get("servername") is None and req is not None:
            name = _servername_from_host(req.get_header("host"))
            if name is not None:
                merged["servername"] = name
        return merged

    def add_request(self, req: Any, options: dict[str, Any]) -> None:
        super().add_request(req, self._normalize(req, options))

    def create_socket(self, req: Any, options: dict[str, Any],
                      callback: Callable[[BaseException | None, Any], Any]) -> None:
        options = self._normalize(req, options)
        name = self.get_name(options)

        def on_created(err: BaseException | None, sock: Any) -> None:
            if sock is not None:
                sock.on("session", lambda session: self._cache_session(name, session))
            callback(err, sock)

        super().create_socket(req, options, on_created)

    def create_connection(self, options: Any = None, *args: Any) -> net.Socket:
        """Node's ``agent.createConnection(options)`` or ``(port, host, options)``
        (the options are copied, never changed): ``tls.connect`` with this
        pool's context, resuming the pool's last session when there is one."""
        options = _connection_args(options, args)
        name = self.get_name(options)
        conn: dict[str, Any] = {k: options[k] for k in _TLS_KEYS if options.get(k) is not None}
        if options.get("socket_path"):
            conn["path"] = options["socket_path"]
        conn["host"] = options.get("host") or "localhost"
        conn["port"] = int(options.get("port") or self.default_port)
        conn.update(self._connection_options(options))
        if "secure_context" not in conn:
            conn["secure_context"] = self._context_for(name, conn)
        if "session" not in conn and name in self._sessions:
            conn["session"] = self._sessions[name]
        sock = tls.connect(conn)
        if self._keylog_on:
            self._forward_keylog(sock)
        return self._connected(sock, options)

    def _context_for(self, name: str, options: dict[str, Any]) -> tls.SecureContext:
        ctx = self._contexts.get(name)
        if ctx is None:
            ctx = tls.create_secure_context(options)
            self._contexts[name] = ctx
            if len(self._contexts) > max(self.max_cached_sessions, 16):
                self._contexts.popitem(last=False)
        return ctx

    def _cache_session(self, name: str, session: Any) -> None:
        if self.max_cached_sessions <= 0:
            return
        self._sessions[name] = session
        self._sessions.move_to_end(name)
        while len(self._sessions) > self.max_cached_sessions:
            self._sessions.popitem(last=False)


def _connection_args(first: Any, rest: tuple[Any, ...]) -> dict[str, Any]:
    """Node's https createConnection arguments: ``(options[, callback])`` or
    ``(port[, host][, options])``."""
    if isinstance(first, dict):
        return first
    host = rest[0] if rest and isinstance(rest[0], str) else None
    given = [a for a in rest if isinstance(a, dict)]
    options = dict(given[0]) if given else {}
    if isinstance(first, int):
        options["port"] = first
    if host is not None:
        options["host"] = host
    return options


def _name_part(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(_name_part(v) for v in value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    if isinstance(value, (str, bool, int, float)):
        return str(value)
    return f"{type(value).__name__}@{id(value):x}"  # a context or callable: by identity


def _global_agent() -> Agent:
    """The current Runtime's ``https.global_agent`` (see http's: one per loop)."""
    return get_global_agent("https", Agent)


def _options(url_or_options: Any, options_or_callback: Any, callback: Any,
             kwargs: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    if callable(options_or_callback):
        callback, options_or_callback = options_or_callback, None
    if isinstance(url_or_options, str):
        opts = url_to_http_options(url_or_options, "https:", 443)
    else:
        opts = dict(url_or_options or {})
    opts.update(options_or_callback or {})
    opts.update(kwargs)
    if opts.get("_default_agent") is None:
        opts["_default_agent"] = _global_agent()
    return opts, callback


def request(url_or_options: Any = None, options_or_callback: Any = None,
            callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """``https.request(url_or_options, [options], callback)``: an ``http.ClientRequest``
    on port 443 by default, with ``tls.connect``'s options too."""
    opts, callback = _options(url_or_options, options_or_callback, callback, kwargs)
    return ClientRequest(opts, callback)


def get(url_or_options: Any = None, options_or_callback: Any = None,
        callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """Like :func:`request` with method GET, and ``end()`` already called."""
    req = request(url_or_options, options_or_callback, callback, **kwargs)
    req.end()
    return req


class _HttpsModule(types.ModuleType):
    """The module's class: ``global_agent`` is the current Runtime's (as http's)."""

    @property
    def global_agent(self) -> Agent:
        return _global_agent()

    @global_agent.setter
    def global_agent(self, agent: Agent) -> None:
        set_global_agent(agent, "https")


sys.modules[__name__].__class__ = _HttpsModule
