"""``http.request``, ``http.get`` and ``ClientRequest``.

Owns the client side of HTTP/1.1: turning options (or a URL) into a request
line and headers, getting a socket from the Agent, reacting to what the
response parser (``_parser.ResponseParser``) reports on each socket's
``ClientConnection`` (a state machine: ``TRANSITIONS``), ``'response'``,
``'continue'``, ``'connect'``, ``'upgrade'``, ``'timeout'``, ``'abort'`` and
errors with Node's codes, and giving the socket back to the Agent when both
the request and its response are done.

The life cycle follows Node v20's ``lib/_http_client.js``: the socket's
``'error'``, ``'close'`` and end-of-stream drive what the request emits
(``socketErrorListener``, ``socketCloseListener``, ``socketOnEnd``), and the
socket goes back to the Agent once the response has ended *and* the request
has finished (``responseOnEnd`` / ``responseKeepAlive``): ``'close'`` on the
request always follows ``'end'`` on its response.

Declared hook for ``https`` (Node's ``options._defaultAgent``): the option
``_default_agent`` names the agent used when ``agent`` is None and whose
``protocol`` / ``default_port`` the request expects; with a protocol other
than ``http:`` every request option reaches the agent (its TLS options).
"""

from __future__ import annotations

import base64
import inspect
import math
import re
import warnings
from collections.abc import Callable
from types import GetSetDescriptorType
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from weakref import ref as _weak_ref

from .. import net, runtime
from .._cores import apply_overrides
from ..abort import add_abort_signal, validate_abort_signal
from ..errors import NodeError, NodeTypeError, NodeValueError, aborted_error, econnreset
from ..events import EventEmitter
from ..stream import finished
from . import _agent, _server
from ._agent import Agent, io_of
from ._common import (
    headers_from_raw,
    request_chunked_by_default,
    should_keep_alive,
    validate_header_name,
    validate_header_value,
    validate_method,
    validate_path,
)
from ._incoming import IncomingMessage
from ._outgoing import (
    _OVERRIDES,
    OutgoingMessage,
    _OutgoingCore,
    remember_head,
)
from ._parser import SKIP_BODY, UPGRADE, ParseError, ResponseParser

__all__ = ["ClientRequest", "request", "get", "create_client", "url_to_http_options"]


# What the WHATWG URL parser (Node's ``new URL``) leaves unescaped in a path
# and in a query: printable ASCII minus its percent-encode sets.
_PATH_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"#<>?`{}')
_QUERY_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in "\"#<>'")


def _hang_up() -> BaseException:
    err = econnreset("read")
    err.args = (err.args[0], "socket hang up")
    err.strerror = "socket hang up"
    return err


def _set_socket_timeout(sock: net.Socket, msecs: float) -> None:
    """Node's ``setSocketTimeout``: ``req.set_timeout()`` on a socket still
    connecting starts counting once it connected."""
    if sock.connecting:
        sock.once("connect", lambda *_: sock.set_timeout(msecs))
    else:
        sock.set_timeout(msecs)


def _options_from(url_or_options: Any, extra: dict[str, Any]) -> dict[str, Any]:
    if isinstance(url_or_options, str):
        opts = _parse_url(url_or_options)
    elif url_or_options is None:
        opts = {}
    else:
        opts = dict(url_or_options)
    opts.update(extra)
    return opts


# WHATWG URL's forbidden domain code points (C0 controls, space, DEL and
# " #%/:<>?@[\\]^|").
_FORBIDDEN_HOST = re.compile(r'[\x00-\x20\x7f#%/:<>?@\[\\\]^|]')


def url_to_http_options(url: str, protocol: str = "http:", default_port: int = 80,
                        ) -> dict[str, Any]:
    """Node's ``urlToHttpOptions(new URL(url))`` for an ``http:`` URL (or, from
    ``https``, an ``https:`` one)."""
    # WHATWG: leading/trailing C0 controls and spaces go, tabs and newlines too.
    url = url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11"
                    "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise NodeTypeError("ERR_INVALID_URL", "Invalid URL") from exc
    if parts.scheme and parts.scheme.lower() + ":" != protocol:
        raise NodeTypeError("ERR_INVALID_PROTOCOL", f'Protocol "{parts.scheme.lower()}:" '
                            f'not supported. Expected "{protocol}"')
    if not parts.scheme or not parts.hostname:
        raise NodeTypeError("ERR_INVALID_URL", "Invalid URL")
    hostname = parts.hostname
    if "%" in hostname:
        # WHATWG host parsing: percent-decoded, then refused if a forbidden
        # domain code point appears ('example.com%60x' -> 'example.com`x').
        hostname = unquote(hostname).lower()
        if _FORBIDDEN_HOST.search(hostname):
            raise NodeTypeError("ERR_INVALID_URL", "Invalid URL")
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_QUERY_SAFE)
    opts: dict[str, Any] = {"protocol": protocol, "hostname": hostname, "path": path}
    if port is not None and port != default_port:
        opts["port"] = port
    if parts.username or parts.password:
        opts["auth"] = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
    return opts


_parse_url = url_to_http_options


def _check_host_type(key: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            f'The "options.{key}" property must be of type string or one '
                            f"of undefined or null. Received {value!r}")


def _check_max_header_size(value: Any) -> int:
    if not isinstance(value, int) or value < 0:
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "maxHeaderSize" is out of range. It must be '
                             f">= 0. Received {value!r}")
    return value or _server.max_header_size


def _call_create_connection(create_connection: Callable[..., Any], options: dict[str, Any],
                            oncreate: Callable[..., None]) -> Any:
    """Node calls ``createConnection(options, oncreate)``: the hook may return
    the socket or give it (or an error) to ``oncreate``, now or later. A
    Python hook that takes the options only is called with them alone."""
    try:
        inspect.signature(create_connection).bind(options, oncreate)
    except TypeError:
        return create_connection(options)
    except ValueError:  # (no signature to read: a builtin)
        pass
    return create_connection(options, oncreate)


def _check_timeout(value: Any) -> float | None:
    """Node's ``getTimerDuration(options.timeout, 'timeout')``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            'The "timeout" argument must be of type number. '
                            f"Received {value!r}")
    if not 0 <= value < math.inf:
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "timeout" is out of range. It must be a '
                             f"non-negative finite number. Received {value!r}")
    return value


# The options ClientRequest._apply_rare_options reads (with _check_options's):
# a request passing none of them skips it.
# The connection options a request may pass on to its agent (see _connect_options).
_CONNECT_OPTIONS = frozenset(("local_address", "socket_path", "family", "keep_alive",
                              "keep_alive_msecs", "local_port", "lookup", "auto_select_family",
                              "auto_select_family_attempt_timeout", "high_water_mark"))
# (Sets: isdisjoint() looks each option up in them; a tuple compared every name.)
_RARE_OPTIONS = frozenset(("timeout", "set_host", "join_duplicate_headers",
                           "insecure_http_parser", "lookup", "signal", "unique_headers",
                           "max_headers_count", "max_header_size"))
# The connection options of a request that names none of _CONNECT_OPTIONS (the
# common one), copied per request with its host and port set (a copy of a
# dict is cheaper than building one key by key).
_AGENT_OPTIONS = {
    "host": None, "port": None, "local_address": None, "socket_path": None,
    "family": None, "keep_alive": False, "keep_alive_msecs": 1000,
    "local_port": None, "lookup": None, "auto_select_family": None,
    "auto_select_family_attempt_timeout": None, "high_water_mark": None,
}


def _check_options(opts: dict[str, Any]) -> None:
    """The types of today's request options (Node validates them at the call)."""
    get = opts.get
    # (set_host is not checked: Node v20 takes Boolean(options.setHost))
    for key in ("join_duplicate_headers", "insecure_http_parser"):
        value = get(key)
        if value is not None and type(value) is not bool:
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                f'The "options.{key}" property must be of type boolean. '
                                f"Received {value!r}")
    lookup = get("lookup")
    if lookup is not None and not callable(lookup):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            'The "options.lookup" property must be of type function. '
                            f"Received {lookup!r}")
    validate_abort_signal(get("signal"), "options.signal")


def _family(value: Any) -> int | None:
    """``family``: 4, 6 (or ``'IPv4'`` / ``'IPv6'``), 0 or None for either."""
    family = {"IPv4": 4, "IPv6": 6}.get(value, value) if isinstance(value, str) else value
    if family not in (None, 0, 4, 6):
        raise NodeTypeError("ERR_INVALID_ARG_VALUE",
                            f"The property 'options.family' must be one of: 0, 4, 6. "
                            f"Received {value!r}")
    return family or None


# Bound of the Runtime's host_cache: Host header values already built and
# validated, by (host, port, default port). A client talks to few hosts, and
# each request needs one.
_HOST_CACHE_MAX = 256


def _host_header(cache: dict[tuple[str, int, int], str], host: str, port: int,
                 default_port: int) -> str:
    key = (host, port, default_port)
    value = cache.get(key)
    if value is not None:
        return value
    # RFC 3986 §3.2.2: an IPv6 literal goes in brackets.
    colon = host.find(":")
    if colon != -1 and ":" in host[colon + 1:] and not host.startswith("["):
        host = f"[{host}]"
    value = host if port == default_port else f"{host}:{port}"
    validate_header_value("Host", value)
    if len(cache) < _HOST_CACHE_MAX:
        cache[key] = value
    return value


def _default_agent(get: Callable[[str], Any], rt: runtime.Runtime) -> Agent:
    """A request's ``_default_agent`` option (https's), else its Runtime's
    ``http.global_agent``."""
    return get("_default_agent") or _agent.get_global_agent(rt=rt)


# A request's own state and its defaults (as _outgoing's _DEFAULTS: class
# attributes in pure Python, C fields of _RequestCore when compiled).
_REQUEST_DEFAULTS: dict[str, Any] = {
    # The response (``req.res``, a property): held strongly while the exchange
    # runs, then by a weak reference (see _let_go_of_response).
    "_res": None,
    "_res_ref": None,
    "aborted": False,
    "reused_socket": False,  # the Agent handed out a socket that served a request before
    "join_duplicate_headers": False,
    "insecure_http_parser": False,
    "_ended": False,  # the response emitted 'end' (Node's req._ended)
    "_released": False,  # the socket is no longer ours (freed, closed, upgraded)
    "_had_error": False,  # an 'error' went out already (Node's socket._hadError)
    "_socket_pending": False,  # on_socket() was called, _attach not yet run
    "_timeout_set": False,  # set_timeout() was called (not only the option)
    "_timeout_option": None,
    # Node's req.timeoutCb: the request's once 'timeout' listener on its socket.
    "_timeout_cb": None,
    "timeout": None,  # the timeout option, or set_timeout()'s msecs
    "max_headers_count": None,  # Node's req.maxHeadersCount (the option)
    "_parser": None,  # the socket's ClientConnection while the request uses it
    # Set by the constructor on every request.
    "agent": None,
    "host": None,
    "port": None,
    "socket_path": None,
    "method": None,
    "path": None,
    "protocol": None,
    "max_header_size": None,
    "_agent_options": None,  # the agent's (or create_connection's) options
}


class _RequestCore(_OutgoingCore):
    """``ClientRequest``'s state and methods (the class is below): compiled,
    ``_client.pxd`` makes it an extension type over ``_OutgoingCore``."""

    _field_names = frozenset(_REQUEST_DEFAULTS)

    def __cinit__(self) -> None:
        # Compiled only (after _OutgoingCore's): the defaults that are not None,
        # then a Python subclass's class attributes over them (_OVERRIDES).
        self._is_request = True  # OutgoingMessage: an unframed body does not close the connection
        self.aborted = False
        self.reused_socket = False
        self.join_duplicate_headers = False
        self.insecure_http_parser = False
        self._ended = False
        self._released = False
        self._had_error = False
        self._socket_pending = False
        self._timeout_set = False
        if _OVERRIDES:  # (_OutgoingCore's __cinit__ set its own fields')
            apply_overrides(self, _OVERRIDES, _REQUEST_DEFAULTS)

    def __init__(self, options: Any = None, callback: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        self._events = {}  # OutgoingMessage.__init__ (EventEmitter's), inlined
        self._max_listeners = None
        # The Runtime whose memo tables (Host values, agent names, heads) this
        # request uses: looked up once, here, where no socket is at hand yet.
        self._rt = runtime.current()
        # The caller's dict is only read, never kept or changed: no copy needed.
        opts = options if type(options) is dict and not kwargs else _options_from(options, kwargs)
        self._setup(opts, callback)

    def _setup(self, opts: dict[str, Any], callback: Callable[..., Any] | None) -> None:
        """The constructor's work on its options dict (compiled: a C method
        taking ``opts`` typed, so each ``opts.get`` is a C dict look-up)."""
        create_connection = opts.get("create_connection")
        # Node's options._defaultAgent: https.request passes https.global_agent.
        # (Read at each request that needs it: assigning http.global_agent takes
        # effect; it is the Runtime's, so looked up only when no Agent is given.)
        default_agent = None
        agent = opts.get("agent")
        keeps = False  # known to ask for keep-alive: the Runtime's default agent
        if agent is False:
            # Seed: opt out of pooling; Node gives the request an Agent of its own.
            default_agent = _default_agent(opts.get, self._rt)
            agent = type(default_agent)()
        elif agent is None:
            if not callable(create_connection):
                agent = _default_agent(opts.get, self._rt)
                keeps = True  # (its _keeps_connection would look the Runtime up again)
        elif not callable(getattr(agent, "add_request", None)):
            raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                'The "options.agent" property must be one of Agent-like '
                                f"Object, undefined, or false. Received {agent!r}")
        expected = getattr(agent, "protocol", None)
        if not expected or agent is None:
            default_agent = default_agent or _default_agent(opts.get, self._rt)
            expected = expected or default_agent.protocol
        protocol = opts.get("protocol") or expected
        if protocol != expected:
            raise NodeTypeError("ERR_INVALID_PROTOCOL",
                                f'Protocol "{protocol}" not supported. Expected "{expected}"')
        self.agent = agent
        default_port = (agent or default_agent).default_port
        hostname = opts.get("hostname")
        host = opts.get("host")
        if ((hostname is not None and type(hostname) is not str)
                or (host is not None and type(host) is not str)):
            _check_host_type("hostname", hostname)
            _check_host_type("host", host)
        host = hostname or host or "localhost"
        port = int(opts.get("port") or default_port)
        self.host = host
        self.port = port
        self.socket_path = opts.get("socket_path")
        # The common request (a GET to "/") skips the checks' calls into
        # _common (~0.7 k instructions each, compiled): "GET" is a token, not
        # chunked by default, and "/" a valid path.
        method = opts.get("method")
        if method is None or method == "GET":
            method = "GET"
            chunked = False
        else:
            method = validate_method(method)
            chunked = request_chunked_by_default(method)
        self.method = method
        path = opts.get("path") or "/"
        if path != "/":
            validate_path(path)
        self.path = path
        self.protocol = protocol
        self.max_header_size = _server.max_header_size
        if not opts.keys().isdisjoint(_RARE_OPTIONS):
            self._apply_rare_options(opts)  # (most requests pass none of them)
        if not chunked:
            self.use_chunked_encoding_by_default = False
        # A request through an Agent defaults to Connection: keep-alive (the
        # socket is reused while requests wait) unless the agent would never
        # reuse it (Node: not keep-alive and max_sockets unlimited);
        # agent=False -> close.
        if not keeps and (agent is None or opts.get("agent") is False
                          or not agent._keeps_connection):
            self.should_keep_alive = False
        if callback is not None:
            self.once("response", callback)
        # Node's Host leaves out the port when it is the agent's default one;
        # with no agent (create_connection) there is no default: ':80' shows.
        header_default = opts.get("default_port") or (agent.default_port if agent else None)
        self._init_headers(opts, host, port, header_default)
        if opts.keys().isdisjoint(_CONNECT_OPTIONS):
            # The common request names none of them: their defaults, without a
            # lookup each (the keys and their order are the same below).
            options = _AGENT_OPTIONS.copy()
            options["host"] = host
            options["port"] = port
            self._agent_options = options
        else:
            self._agent_options = self._connect_options(opts, host, port)
        if protocol != "http:":
            # Node hands the agent every option (https's TLS ones included)
            # but the signal, which is the request's alone.
            self._agent_options = {**opts, **self._agent_options}
            self._agent_options.pop("signal", None)
        signal = opts.get("signal")
        if signal is not None:
            # Aborting destroys the request with an AbortError (at once if the
            # signal is aborted already), as Node's addAbortSignal does.
            add_abort_signal(signal, self)
            if self._destroyed:
                return  # aborted already: no socket is asked for (Node makes one)
        if agent is not None:
            # Node's constructor calls agent.addRequest() itself; only the
            # socket's attachment waits for the next tick (on_socket).
            agent.add_request(self, self._agent_options)
        else:
            self._create_connection(create_connection)

    def _connect_options(self, opts: dict[str, Any], host: str, port: int) -> dict[str, Any]:
        """The options the agent's connection is made with (Node's net options)."""
        get = opts.get
        family = get("family")
        return {
            "host": host, "port": port, "local_address": get("local_address"),
            "socket_path": self.socket_path,
            "family": _family(family) if family is not None else None,
            "keep_alive": get("keep_alive", False),
            "keep_alive_msecs": get("keep_alive_msecs", 1000),
            "local_port": get("local_port"), "lookup": get("lookup"),
            "auto_select_family": get("auto_select_family"),
            "auto_select_family_attempt_timeout": get("auto_select_family_attempt_timeout"),
            "high_water_mark": get("high_water_mark"),
        }

    def _apply_rare_options(self, opts: dict[str, Any]) -> None:
        """The options of :data:`_RARE_OPTIONS`, checked and applied in Node's order."""
        get = opts.get
        timeout = get("timeout")
        if timeout is not None:
            self.timeout = self._timeout_option = _check_timeout(timeout)
        _check_options(opts)
        if get("join_duplicate_headers"):
            self.join_duplicate_headers = True
        if get("insecure_http_parser"):
            self.insecure_http_parser = True
        unique = get("unique_headers")
        if isinstance(unique, (list, tuple)):
            # Node's uniqueHeaders: each named header goes out as one line
            # (OutgoingMessage renders it; its list is joined with '; ').
            self._unique_headers = frozenset(str(name).lower() for name in unique)
        self.max_headers_count = get("max_headers_count")
        max_header_size = get("max_header_size")
        if max_header_size is not None:
            # Node's maxHeaderSize (0: http.max_header_size, 16 KiB).
            self.max_header_size = _check_max_header_size(max_header_size)

    def _init_headers(self, opts: dict[str, Any], host: str, port: int,
                      default_port: int) -> None:
        headers = opts.get("headers")
        if isinstance(headers, (list, tuple)):
            # Node: an array of headers is sent exactly as given (no Host, no
            # Authorization added) and the head is rendered at once.
            self._store_raw_headers(headers)
            return
        if headers:
            for name, value in headers.items():
                self.set_header(name, value)
            host_value = self.get_header("host")
            if host_value is not None and not isinstance(host_value, str):
                raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                                    'The "options.headers.host" property must be of type '
                                    f"string. Received {host_value!r}")
        if opts.get("set_host", True) and not (headers and self.has_header("host")):
            # set_header("Host", ...) without its checks: _host_header validated
            # the value once, and the name is a constant. The store's layout is
            # OutgoingMessage's (lower-cased name -> (name as given, value)).
            value = _host_header(self._rt.host_cache, host, port, default_port)
            store = self._headers
            if store is None:
                self._headers = {"host": ("Host", value)}
            else:
                store["host"] = ("Host", value)
        auth = opts.get("auth")
        if auth and not self.has_header("authorization"):
            token = base64.b64encode(str(auth).encode("utf-8")).decode("ascii")
            self.set_header("Authorization", f"Basic {token}")
        if headers and self.get_header("expect"):
            # Seed: an Expect header sends the request head at once.
            self._implicit_header()
            self._send(b"")

    def __repr__(self) -> str:
        return f"<ClientRequest {self.method} {self.host}:{self.port}{self.path}>"

    def _store_raw_headers(self, headers: list[Any] | tuple[Any, ...]) -> None:
        if headers and not isinstance(headers[0], (list, tuple)):
            if len(headers) % 2:
                raise NodeTypeError("ERR_INVALID_ARG_VALUE",
                                    "The argument 'headers' is invalid. Received "
                                    f"{list(headers)!r}")
            pairs = list(zip(headers[0::2], headers[1::2], strict=True))
        else:
            pairs = [(pair[0], pair[1]) for pair in headers]
        for name, value in pairs:
            validate_header_name(name)
            validate_header_value(name, value)
        self._store_header(f"{self.method} {self.path} HTTP/1.1\r\n", pairs)
        if self._head_has_expect:
            self._send(b"")

    def _is_client_with_agent(self) -> bool:
        return self.agent is not None

    def _create_connection(self, create_connection: Callable[..., Any]) -> None:
        """Without an agent, Node's constructor calls the caller's
        ``create_connection(options, oncreate)``: the socket comes back or
        through ``oncreate``; an error (raised or given) is the request's
        ``'error'`` on the next tick."""
        first: list[Any] = []

        def oncreate(err: BaseException | None = None, sock: Any = None) -> None:
            if first:
                return
            first.append(sock)
            if err is not None:
                runtime.next_tick(self.emit, "error", err)
            else:
                self.on_socket(sock)  # (any Duplex: Node's too)

        try:
            sock = _call_create_connection(create_connection, {**self._agent_options},
                                           oncreate)
        except Exception as err:  # noqa: BLE001 - Node's catch: the request's 'error'
            oncreate(err)
            return
        if sock is not None:
            oncreate(None, sock)

    def _implicit_header(self) -> None:
        if self._header is not None:
            raise NodeError("ERR_HTTP_HEADERS_SENT",
                            "Cannot render headers after they are sent to the client")
        first_line = f"{self.method} {self.path} HTTP/1.1\r\n"
        pairs = tuple(self._headers.values()) if self._headers else ()
        if self.send_date or self._unique_headers is not None or not self._has_body:
            self._store_header(first_line, pairs)
            return
        for pair in pairs:
            if type(pair[1]) is not str:  # (1 == True == 1.0 as keys; a list is no key)
                self._store_header(first_line, pairs)
                return
        # The head is a function of the key alone (no Date): a client sending
        # the same request again takes the rendered head and its framing from
        # the Runtime's head cache, the responses' one (the key starts with the
        # message's class: a request's and a response's never meet).
        key = (type(self), first_line, pairs, self.should_keep_alive,
               self.use_chunked_encoding_by_default, self._content_length,
               self.agent is not None, self._removed_connection,
               self._removed_content_length, self._removed_te)
        cache = self._rt.head_cache
        entry = cache.get(key)
        if entry is None:
            self._store_header(first_line, pairs)
            remember_head(cache, key, self._header_entry(-1))
            return
        self._header = entry[3]
        (self.chunked_encoding, self._declared_length, self.should_keep_alive,
         self._last, self._head_has_expect) = entry[4]

    # -- the socket ----------------------------------------------------------
    def on_socket(self, sock: net.Socket | None, err: BaseException | None = None) -> None:
        """The agent assigned ``sock``: attach the response parser and flush.
        With ``err`` (the agent could not make a socket): the request fails."""
        self._socket_pending = True
        if err is not None:
            runtime.next_tick(self._socket_failed, err)
            return
        io_of(sock)._rt.next_tick(self._attach, (sock,))

    def _socket_failed(self, err: BaseException) -> None:
        """Node's ``onSocketNT`` with an error: 'error', then 'close'."""
        self._socket_pending = False
        self._destroyed = True
        self._destroy_nt(err)

    def _attach(self, sock: net.Socket) -> None:
        """Node's ``onSocketNT``."""
        self._socket_pending = False
        if self._destroyed:
            # A request destroyed while waiting for its socket: Node gives an
            # agent's socket back whatever the request's error (the socket
            # has none; destroying it with the request's would be uncaught).
            if self.agent is not None and not sock.destroyed:
                sock.emit("free")
                self._destroy_nt(self._errored)
            else:
                # Node: finished(socket.destroy(), ...): the request's error is
                # the socket's once it is done (or the request's own).
                finished(sock.destroy(), self._destroyed_socket_done)
            return
        self.socket = sock
        io = self._io = io_of(sock)  # the socket, or its StreamAdapter
        io._http_message = self
        parser = io._http_connection or ClientConnection.of(sock)
        parser.begin(self)
        self._parser = parser
        option = self._timeout_option
        if option:
            sock.set_timeout(option)  # the option: counts the connect too
        if self._timeout_set and self.timeout:
            _set_socket_timeout(sock, self.timeout)
        agent = self.agent
        if self.timeout is not None or (agent is not None and getattr(agent, "timeout", None)):
            self._listen_timeout(sock)
        if "socket" in self._events:  # (an emit with no listener costs a call per request)
            self.emit("socket", sock)
            if self._destroyed:
                return  # destroyed by a 'socket' listener
        if self._output:
            ok = self._flush_output(io)
            if not ok:
                self._need_drain = True
            elif self._need_drain and not self.finished:
                # Node's _flush: the buffered head and body are out, writers may go on.
                self._need_drain = False
                self.emit("drain")
        if self.finished and not self._need_drain:
            io._rt.next_tick(self._finish, ())  # Node: a tick after the flush

    def _socket_on_drain(self) -> None:
        # A socket still connecting reports back-pressure through its Writable
        # side, whose 'drain' the parser's drain hook does not see.
        if not self._released:
            self._on_socket_drain()

    def _socket_on_error(self, err: BaseException) -> None:
        """Node's ``socketErrorListener``: the error goes to the request."""
        if self._released:
            return
        parser = self._parser
        if parser is not None:
            parser.finish()  # a close-delimited body ends here
            parser.io.detach_consumer(parser)
        self._had_error = True
        runtime.call(self.emit, "error", err)
        sock = self.socket
        if sock is not None:
            sock.destroy()

    def _socket_on_close(self, _had_error: bool = False) -> None:
        """Node's ``socketCloseListener``."""
        if self._released:
            return
        self._released = True
        sock = self.socket
        parser = self._parser
        if parser is not None:
            parser.finish()
        res = self._res
        self._detach(sock)
        if res is not None:
            if not res.complete:
                _abort_response(res)
            self._emit_close()
        else:
            if not self._had_error:
                self._had_error = True
                runtime.call(self.emit, "error", self._errored or _hang_up())
            self._emit_close()

    def _socket_on_end(self, conn: ClientConnection) -> None:
        """Node's ``socketOnEnd``: the server ended its side of ``conn``'s socket
        (the request's, unless a second on_socket() gave it another since)."""
        if not self._released and self._res is None and not self._had_error:
            self._had_error = True
            runtime.call(self.emit, "error", _hang_up())
        conn.finish()
        conn.socket.destroy()

    def _listen_timeout(self, sock: net.Socket) -> None:
        """Node's ``listenSocketTimeout``: with a timeout (the request's or its
        agent's), the request's 'timeout' comes from a once listener on its
        socket, one per request, removed when the response ends. (Unlike the
        server, the client never destroys on timeout by itself.)"""
        if self._timeout_cb is None:
            self._timeout_cb = self._emit_timeout
            sock.once("timeout", self._timeout_cb)

    def _emit_timeout(self) -> None:
        self.emit("timeout")

    def _unlisten_timeout(self, sock: Any) -> None:
        if self._timeout_cb is not None and sock is not None:
            sock.remove_listener("timeout", self._timeout_cb)

    def _detach(self, sock: Any, handover: bool = False, park: bool = False) -> None:
        if sock is None:
            return
        if handover:
            self._unlisten_timeout(sock)
        io = self._io if self._io is sock else self._io_of(sock)
        if io._http_message is self:
            io._http_message = None
        parser = self._parser
        if parser is not None:
            # The socket's connection serves the next request once this one is done.
            self._parser = None
            parser.release(self, handover, park)

    # -- giving the socket back ------------------------------------------------
    def _on_response_end(self) -> None:
        """Node's ``responseOnEnd`` (runs before the user's ``'end'`` listeners)."""
        self._ended = True
        self._unlisten_timeout(self.socket)
        if self._released:
            return
        if not self._keep_socket:
            # The socket's 'close' then emits the request's 'close'.
            self._close_socket()
        elif self._finished_emitted:
            self._response_keep_alive()

    def _on_finish(self) -> None:
        # Node's requestOnPrefinish: the response ended before the request did.
        if self._ended and not self._released:
            if self._keep_socket:
                self._response_keep_alive()
            else:
                self._close_socket()

    def _close_socket(self) -> None:
        sock = self.socket
        if sock is not None and not sock.destroyed:
            if sock.writable:
                self._io_of(sock).destroy_soon()
            else:
                sock.destroy()

    def _response_keep_alive(self) -> None:
        """Node's ``responseKeepAlive``: hand the socket back to the Agent."""
        self._released = True
        self._destroyed = True  # Node's req.destroyed: done, before the user's 'end'
        sock = self.socket
        self._detach(sock, park=True)
        if sock is None:
            runtime.next_tick(self._emit_free, sock)
            return
        if self.timeout:
            sock.set_timeout(0)
        (self._io if self._io is sock else self._io_of(sock))._rt.next_tick(
            self._emit_free, (sock,))

    def _emit_free(self, sock: Any) -> None:
        """Node's ``emitFreeNT``: the request's 'close', then the socket's 'free'."""
        self._emit_close()
        if sock is not None:
            sock.emit("free")

    def _emit_close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._destroyed = True
        if "close" in self._events:  # (most requests have no 'close' listener)
            self.emit("close")
        self._let_go_of_response()

    def _let_go_of_response(self) -> None:
        """The exchange is over: ``req.res`` becomes a weak reference. The
        response keeps its request (``res.req``, its ``'end'`` listener), so
        the pair was a reference cycle that only the cyclic GC freed (~15 k
        instructions a request); now both go by reference counts once the
        socket's connection lets go of the response (its next request). Node
        keeps both links; here ``req.res`` reads None once nothing else holds
        the response (``res.req`` always stays valid for whoever holds res)."""
        res = self._res
        if res is not None:
            self._res_ref = _weak_ref(res)
            self._res = None

    @property
    def res(self) -> IncomingMessage | None:
        """Node's ``req.res``: the response, once its head is in."""
        res = self._res
        if res is None and self._res_ref is not None:
            return self._res_ref()
        return res

    @res.setter
    def res(self, value: IncomingMessage | None) -> None:
        self._res = value
        self._res_ref = None

    @property
    def _keep_socket(self) -> bool:
        sock = self.socket
        # _last: the head we sent says Connection: close (ours or the user's
        # field; OutgoingMessage decided it while rendering).
        if not self.should_keep_alive or sock is None or self._last:
            return False
        io = self._io
        conn = (io if io is sock else self._io_of(sock))._http_connection
        # An Agent's socket stays while it is in the pool; without an agent the
        # socket stays open when the application set should_keep_alive (Node).
        # (A destroyed socket is not writable: one property read answers both.)
        return (sock.writable and conn is not None and not conn.peer_eof
                and (conn.agent_name is not None or self.agent is None))

    # -- user API ------------------------------------------------------------
    def abort(self) -> None:
        """Drop the response and destroy the socket; ``'abort'`` is emitted."""
        if self.aborted:
            return
        self.aborted = True
        runtime.next_tick(self._emit_abort)
        self.destroy()

    def _emit_abort(self) -> None:
        self.emit("abort")

    def destroy(self, err: BaseException | None = None) -> Any:
        """Node's ``req.destroy([err])``: the socket's events do the rest."""
        if self._destroyed:
            return self
        self._destroyed = True
        self._errored = err
        res = self._res
        if res is not None:
            res._dump()  # Node: any more response data is dropped
        sock = self.socket
        if sock is not None:
            if not self._released:
                sock.destroy(err)
        elif not self._socket_pending:
            agent = self.agent
            if agent is not None:
                agent.remove_request(self)
            runtime.next_tick(self._destroy_nt, err)
        return self

    def _destroyed_socket_done(self, err: BaseException | None = None) -> None:
        if getattr(err, "code", None) == "ERR_STREAM_PREMATURE_CLOSE":
            err = None
        self._destroy_nt(err or self._errored)

    def _destroy_nt(self, err: BaseException | None) -> None:
        if self._closed:
            return
        if err is None and not self.aborted:
            err = _hang_up()
        if err is not None and not self._had_error:
            self._had_error = True
            self.emit("error", err)
        self._emit_close()

    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None,
                    ) -> ClientRequest:
        if callback is not None:
            self.once("timeout", callback)
        if self._ended:
            return self
        # Node checks (and warns past 2**31-1 ms) here, at the call, not when a socket comes.
        self.timeout = msecs = runtime.timer_duration(msecs)
        self._timeout_set = True
        sock = self.socket
        if sock is not None and not self._released:
            self._listen_timeout(sock)
            _set_socket_timeout(sock, msecs)
        return self

    def set_no_delay(self, no_delay: bool = True) -> None:
        self._with_socket(lambda s: s.set_no_delay(no_delay))

    def set_socket_keep_alive(self, enable: bool = False, initial_delay: int = 0) -> None:
        self._with_socket(lambda s: s.set_keep_alive(enable, initial_delay))

    def _with_socket(self, fn: Callable[[net.Socket], Any]) -> None:
        if self.socket is not None:
            fn(self.socket)
        else:
            self.once("socket", fn)


class ClientRequest(_RequestCore, OutgoingMessage):
    """Node's ``http.ClientRequest``: returned by :func:`request`."""


if type(vars(_RequestCore).get("method")) is not GetSetDescriptorType:
    # Pure Python: the defaults are class attributes.
    for _name, _value in (*_REQUEST_DEFAULTS.items(), ("_is_request", True)):
        setattr(_RequestCore, _name, _value)


def _abort_response(res: IncomingMessage) -> None:
    # Node: res.destroy(connResetException('aborted')); IncomingMessage emits
    # it as 'error' only to a listener ('aborted' and 'close' come either way).
    res.destroy(aborted_error())


# The client connection's states (h11's _state.py style: named states and
# the one table of what may happen in each). A connection is made once per
# socket and serves every request the socket carries.
IDLE = "IDLE"  # no request (a new socket, or between keep-alive requests)
WAITING_RESPONSE = "WAITING_RESPONSE"  # a request began; no final head yet (1xx stay here)
READING_BODY = "READING_BODY"  # the final head is in; body until the message completes
UPGRADED = "UPGRADED"  # 101 or CONNECT: the socket is the application's
CLOSING = "CLOSING"  # a complete response that does not keep the connection: it closes
CLOSED = "CLOSED"  # a parse error: the socket is destroyed

TRANSITIONS: dict[str, dict[str, str]] = {
    # "error": bytes after a complete response that do not parse (Node: the
    # parser errors on the socket even between messages).
    IDLE: {"request": WAITING_RESPONSE, "error": CLOSED},
    WAITING_RESPONSE: {"head": READING_BODY, "upgrade": UPGRADED, "error": CLOSED},
    READING_BODY: {"complete": IDLE, "complete_close": CLOSING, "error": CLOSED},
    # An upgraded socket the application hands to a new request (create_connection).
    UPGRADED: {"request": WAITING_RESPONSE},
    CLOSING: {"error": CLOSED},
    CLOSED: {},
}
_PARSING = frozenset((WAITING_RESPONSE, READING_BODY))  # states that take bytes


class ClientConnection:
    """The client's per-socket object (``socket._http_connection``), made once per
    socket (by the Agent, or by the first request on a ``create_connection``
    socket): the state, the response parser's handler, the socket's consumer,
    the listeners forwarding the socket's events to the request using it, and
    the Agent's facts (``agent_name``, ``agent_options``, ``peer_eof``).
    :meth:`begin` starts each request."""

    __slots__ = ("req", "socket", "io", "parser", "res", "state", "head_only", "keep_alive",
                 "pending_error", "listeners", "agent_name", "agent_options", "peer_eof",
                 "headers_count")

    def __init__(self, sock: Any, io: Any) -> None:
        self.socket = sock  # the application's object (req.socket)
        self.io = io  # the same, or its StreamAdapter (net.consumable)
        self.state = IDLE
        self.req: ClientRequest | None = None
        self.res: IncomingMessage | None = None
        # The client never cut headers past a count (max_headers_count=0).
        self.parser = ResponseParser(self, max_headers_count=0)
        self.headers_count = 0  # the parser's max_headers_count
        self.pending_error: BaseException | None = None
        self.listeners: tuple[tuple[str, Callable[..., None]], ...] | None = None
        self.agent_name: str | None = None  # in an Agent's pool under this name
        self.agent_options: dict[str, Any] | None = None
        self.peer_eof = False  # the server ended its side

    @staticmethod
    def of(sock: Any) -> ClientConnection:
        io = io_of(sock)
        conn = io._http_connection
        if conn is None:
            conn = io._http_connection = ClientConnection(sock, io)
        return conn

    def _go(self, event: str) -> None:
        # (The per-request moves -- request, head, complete -- index the
        # table inline: a wrong one raises KeyError there.)
        try:
            self.state = TRANSITIONS[self.state][event]
        except KeyError:
            raise RuntimeError(f"client connection: {event!r} in state {self.state}") from None

    def begin(self, req: ClientRequest) -> None:
        """Start on ``req``'s response."""
        parser = self.parser
        lenient = req.insecure_http_parser
        if parser.lenient is not lenient:
            parser.lenient = lenient
            parser.reset()  # (which applies it)
        elif self.state is not IDLE or parser.in_head or parser.in_body:
            # After an upgrade, or stray bytes that began a message after the
            # last response: the next response starts a fresh parser.
            parser.reset()
        self.state = TRANSITIONS[self.state]["request"]
        old = self.res
        if old is not None:
            old._on_read = None  # the previous response no longer drives this socket
        if self.listeners is None:
            _install_listeners(self)
        self.req = req
        self.res = None
        # HEAD and CONNECT responses end at their head (the parser's answer 1 / 2).
        self.head_only = req.method in ("HEAD", "CONNECT")
        self.keep_alive = False
        parser.max_header_size = req.max_header_size
        # Node's tickOnSocket: req.maxHeadersCount, as set by now (0/None: no limit).
        count = req.max_headers_count or 0
        if count != self.headers_count:  # (a property of the pure parser: set on change)
            self.headers_count = parser.max_headers_count = count
        parser.heads_alone = self.head_only
        io = self.io
        if io.consumer is not self:  # (a pooled socket keeps its connection attached)
            io.attach_consumer(self)

    def release(self, req: ClientRequest, handover: bool, park: bool = False) -> None:
        """``req`` is done with the socket; ``handover``: the application owns it now.
        ``park``: a keep-alive release to the socket's Agent: the connection stays
        the socket's consumer, in the pool's role (see on_data) until its next
        request, with no consumer change per request (the Agent detaches it if
        the socket leaves the pool open)."""
        if self.req is req:
            self.req = None
            if not park or self.agent_name is None:
                self.io.detach_consumer(self)
        if handover and self.listeners is not None:
            for event, listener in self.listeners:
                self.socket.remove_listener(event, listener)
            self.listeners = None

    # -- the socket consumer ---------------------------------------------------
    def on_data(self, data: Any) -> None:
        if self.state not in _PARSING:
            if self.req is None:
                # Released to the pool: the server sending anything at all on
                # a free socket drops it, it is never reused (the Agent's rule).
                self.socket.destroy()
            return
        try:
            consumed = self.parser.execute(data)
        except ParseError as err:
            _parse_error(self, err)
        except BaseException as exc:  # noqa: BLE001 - ours, raised in a callback: uncaught
            self.pending_error = exc
        else:
            if self.state is UPGRADED:
                _upgrade(self, bytes(data[consumed:]))
        err = self.pending_error
        if err is not None:
            self.pending_error = None
            runtime.report_uncaught(err)

    def on_eof(self) -> None:
        self.peer_eof = True
        req = self.req
        if req is None:
            self.socket.destroy()  # released to the pool: the server closed it
        else:
            req._socket_on_end(self)

    def on_drain(self) -> None:
        req = self.req
        if req is not None:  # (a free socket writes nothing)
            req._socket_on_drain()

    def on_timeout(self) -> None:
        # Node's responseOnTimeout: the socket's timeout reaches the response
        # being read (as net's consumer hook: no listener on the socket).
        res = self.res
        if res is not None and not res.readable_ended:
            res.emit("timeout")

    def finish(self) -> None:
        """The stream ended (Node's ``parser.finish()``): a close-delimited body is complete."""
        if self.state is READING_BODY:
            self.keep_alive = False
            try:
                self.parser.finish()
            except ParseError:
                # A body cut short: the socket's 'close' aborts the response
                # ('aborted'), as Node's socketCloseListener does.
                return

    # -- parser callbacks ---------------------------------------------------
    def on_headers_complete(self, major: int, minor: int, raw: list[str], _method: str,
                            _url: str, code: int, reason: str, _upgrade: bool,
                            keep_alive: bool) -> int | None:
        req = self.req
        if self.state is not WAITING_RESPONSE:
            # Node's parserOnIncomingClient: a response after the complete one
            # in the same bytes (the server answered twice): drop the socket.
            self.parser.stop()
            self.socket.destroy()
            return SKIP_BODY
        if 100 <= code < 200 and code != 101:
            _interim(self, code, reason, major, minor, raw)
            return None
        res = IncomingMessage(self.socket)
        res.status_code = code
        res.status_message = reason
        if major != 1 or minor != 1:
            res.http_version = f"{major}.{minor}"
            res.http_version_major, res.http_version_minor = major, minor
        res.raw_headers = raw
        if req.join_duplicate_headers:
            res.join_duplicate_headers = True  # (IncomingMessage joins when read)
        res.req = req  # type: ignore[attr-defined]
        res._on_read = self.resume
        self.res = res
        req._res = res
        if req.method == "CONNECT" or code == 101:
            res.upgrade = True
            self._go("upgrade")
            return UPGRADE  # handed over in _upgrade, with the bytes after the head
        if self.head_only:
            # llhttp thinks a body may follow (it cannot know the method):
            # decide persistence from the head alone (RFC 9112 §9.3).
            connection = [raw[i + 1] for i in range(0, len(raw), 2)
                          if raw[i].lower() == "connection"]
            keep_alive = should_keep_alive(major, minor, connection or None)
        self.keep_alive = keep_alive
        self.state = TRANSITIONS[self.state]["head"]
        if not keep_alive:
            # Node: the server must answer keep-alive for the socket to be reused.
            req.should_keep_alive = False
        # Node's res.on('end', responseOnEnd): ours first, so that the socket is
        # handled before the user's 'end' listeners run.
        res.on("end", req._on_response_end)
        try:
            if req.aborted or not req.emit("response", res):
                # Seed: with no 'response' listener the response is discarded.
                res._dump()
        except BaseException as exc:  # noqa: BLE001
            self.pending_error = exc
        return SKIP_BODY if self.head_only else None

    def on_body(self, body: bytes) -> None:
        res = self.res
        if res is None or res._dumped:
            return
        if not res.push(body):
            self.io._pause_reading()

    def on_trailers(self, raw: list[str]) -> None:
        if self.res is not None:
            self.res.raw_trailers.extend(raw)

    def on_message_complete(self) -> None:
        if self.state is not READING_BODY:
            return  # a 1xx interim response
        res = self.res
        self.state = TRANSITIONS[self.state]["complete" if self.keep_alive else "complete_close"]
        res.complete = True
        try:
            res.push(None)
        except BaseException as exc:  # noqa: BLE001
            self.pending_error = exc
        self.io._resume_reading()

    def resume(self) -> None:
        if self.io.consumer is self:
            self.io._resume_reading()


# -- the client connection's cold paths ------------------------------------------
def _install_listeners(conn: ClientConnection) -> None:
    """Listeners that each forward to the request using the socket now: a
    pooled socket serving many requests adds and removes none per request."""
    def forward(name: str) -> Callable[..., None]:
        def listener(*args: Any) -> None:
            req = conn.req
            if req is not None:
                getattr(req, name)(*args)
        return listener

    sock = conn.socket
    conn.listeners = (("error", forward("_socket_on_error")),
                      ("close", forward("_socket_on_close")),
                      ("drain", forward("_socket_on_drain")))
    for event, listener in conn.listeners:
        sock.on(event, listener)


def _interim(conn: ClientConnection, code: int, reason: str, major: int, minor: int,
             raw: list[str]) -> None:
    """A 1xx interim head: 'continue' and 'information' on the request."""
    req = conn.req
    try:
        if code == 100:
            req.emit("continue")
        info = {"status_code": code, "status_message": reason,
                "http_version": f"{major}.{minor}", "http_version_major": major,
                "http_version_minor": minor, "headers": headers_from_raw(raw),
                "raw_headers": raw}
        req.emit("information", info)
    except BaseException as exc:  # noqa: BLE001
        conn.pending_error = exc


def _parse_error(conn: ClientConnection, err: BaseException) -> None:
    """Node's ``socketOnData`` on a parse error: 'error' on the request, socket destroyed."""
    conn.state = TRANSITIONS[conn.state]["error"]
    conn.io.detach_consumer(conn)
    req = conn.req
    req._had_error = True
    conn.socket.destroy()
    runtime.call(req.emit, "error", err)


def _upgrade(conn: ClientConnection, head: bytes) -> None:
    """A 101 or an answer to CONNECT: the socket goes to 'upgrade'/'connect'."""
    req = conn.req
    res = conn.res
    sock = conn.socket
    req._released = True
    req._detach(sock, handover=True)
    conn.io._switch_timeout(0)
    event = "connect" if req.method == "CONNECT" else "upgrade"
    # Node v20: the message completes before the hand-over, so the
    # response has ended; 'end' and 'close' come if it is read (resumed).
    res.complete = True
    try:
        res.push(None)
    except BaseException as exc:  # noqa: BLE001
        conn.pending_error = exc
    if req.listener_count(event):
        sock.emit("agentRemove")
        conn.io._resume_reading()
        try:
            req.emit(event, res, sock, head)
        except BaseException as exc:  # noqa: BLE001
            conn.pending_error = exc
    else:
        # Seed: with nobody listening, the connection is closed.
        sock.destroy()
    runtime.next_tick(req._emit_close)


def request(url_or_options: Any = None, options_or_callback: Any = None,
            callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """``http.request(options_or_url, [options], callback)``: a :class:`ClientRequest`."""
    if options_or_callback is not None and (
            callable(options_or_callback) or (isinstance(url_or_options, dict)
                                              and not isinstance(options_or_callback, dict))):
        # Node: after an options object the next argument is the callback, so
        # a non-function there fails in once('response', cb) (ERR_INVALID_ARG_TYPE).
        callback, options_or_callback = options_or_callback, None
    if type(url_or_options) is dict and options_or_callback is None:
        opts = url_or_options  # only read by ClientRequest: no copy needed
    elif isinstance(url_or_options, str) and isinstance(options_or_callback, dict):
        opts = {**_parse_url(url_or_options), **options_or_callback}
    elif isinstance(url_or_options, dict) or url_or_options is None:
        opts = {**(url_or_options or {}), **(options_or_callback or {})}
    else:
        opts = _options_from(url_or_options, options_or_callback or {})
    return ClientRequest(opts, callback, **kwargs)


def get(url_or_options: Any = None, options_or_callback: Any = None,
        callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """Like :func:`request` with method GET, and ``end()`` already called."""
    req = request(url_or_options, options_or_callback, callback, **kwargs)
    req.end()
    return req


class Client(EventEmitter):
    """What the deprecated ``http.create_client(port, host)`` returns.

    As in Node 0.x: requests share one keep-alive connection (an Agent with
    ``max_sockets=1``), and their errors are re-emitted on the client.
    """

    def __init__(self, port: int = 80, host: str = "localhost") -> None:
        super().__init__()
        self.port = port
        self.host = host
        self.agent = Agent(max_sockets=1)

    def request(self, method: str = "GET", path: Any = "/",
                headers: dict[str, Any] | None = None) -> ClientRequest:
        if method.startswith("/"):
            # client.request(path, [headers])
            method, path, headers = "GET", method, path if isinstance(path, dict) else headers
        req = ClientRequest({"method": method, "path": path, "headers": headers,
                             "host": self.host, "port": self.port, "agent": self.agent})
        req.on("error", lambda err: self.emit("error", err))
        return req


def create_client(port: int = 80, host: str = "localhost") -> Client:
    """Deprecated in the seed (use :func:`request`); still works."""
    warnings.warn("http.create_client is deprecated. Use http.request instead.",
                  DeprecationWarning, stacklevel=2)
    return Client(port, host)
