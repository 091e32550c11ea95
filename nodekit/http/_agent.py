"""``http.Agent``: the client's connection pool.

Strictly concerned with managing a pool of sockets, as Node's
``_http_agent`` is: which request gets which socket (free, new, or queued
behind ``max_sockets``), what happens to a socket when its request is done
(handed to the next waiting request, kept free and unref'd with
``keep_alive``, or closed), and dropping sockets from the pool — in one
place, :meth:`Agent._remove_socket`, on ``'close'`` or ``'agentRemove'``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .. import net, runtime
from ..abort import add_abort_signal
from ..errors import NodeTypeError, NodeValueError
from ..events import EventEmitter

__all__ = ["Agent", "get_global_agent", "set_global_agent"]

_NAME_KEYS = ("host", "port", "local_address", "family", "socket_path")


class Agent(EventEmitter):
    """Node's ``http.Agent``: the seed's keep-alive semantics and today's
    options (``timeout``, ``scheduling``, ``max_total_sockets``).

    Hooks a subclass or an instance may override, called by the pool as in
    Node: ``create_connection(options, callback)`` (return the socket, or
    call back ``callback(err, socket)`` and return None),
    ``keep_socket_alive(socket)`` (False: close it instead of pooling it) and
    ``reuse_socket(socket, request)`` (a pooled socket is handed out again).
    Emits ``'free'`` ``(socket, options)`` each time a socket is released.
    """

    default_port = 80
    protocol = "http:"

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__()
        opts = {**(options or {}), **kwargs}
        self.options = opts
        self.keep_alive = bool(opts.get("keep_alive", False))
        self.keep_alive_msecs = int(opts.get("keep_alive_msecs") or 1000)
        self.max_sockets: float = opts.get("max_sockets", math.inf) or math.inf
        self.max_free_sockets: float = opts.get("max_free_sockets", 256)
        self.max_total_sockets: float = _check_max_total_sockets(opts.get("max_total_sockets"))
        self.timeout = opts.get("timeout")
        self.scheduling = _check_scheduling(opts.get("scheduling") or "lifo")
        self.sockets: dict[str, list[net.Socket]] = {}
        self.free_sockets: dict[str, list[net.Socket]] = {}
        self.requests: dict[str, list[Any]] = {}
        # The options each queued request came with (Node's req[kRequestOptions]),
        # for the socket a later 'close' may make for it.
        self._queued_options: dict[int, dict[str, Any]] = {}  # by id(req)
        # Every socket of the pool, in use or free (Node v20's totalSocketCount:
        # counted when made, uncounted when it closes or leaves the pool).
        self.total_socket_count = 0

    def __repr__(self) -> str:
        active = sum(len(v) for v in self.sockets.values())
        free = sum(len(v) for v in self.free_sockets.values())
        queued = sum(len(v) for v in self.requests.values())
        return f"<Agent [sockets: {active} active, {free} free | requests: {queued} queued]>"

    @staticmethod
    def get_name(options: dict[str, Any] | None = None, **kwargs: Any) -> str:
        """``'host:port:local_address'`` (plus family / socket path when given).

        Options as a ``dict`` or keyword arguments (API.md §1), like Node's
        ``agent.getName({host, port, localAddress})``.
        """
        if type(options) is dict and not kwargs:
            return _make_name(options)
        if kwargs:
            options = {**(options or {}), **kwargs}
        elif options is None:
            options = {}
        elif not isinstance(options, dict):
            # Node reads any object's properties: getName(req) works too.
            options = {key: getattr(options, key, None) for key in _NAME_KEYS}
        return _make_name(options)

    @property
    def _keeps_connection(self) -> bool:
        """Whether a request through this agent asks for keep-alive: Node's
        rule (a keep-alive agent, or a limit that may leave requests waiting
        for a socket), and always for the global agent, which stays as
        NodeKit has always had it (Node v20's is a keep-alive agent)."""
        return (self.keep_alive or self.max_sockets != math.inf
                or self is get_global_agent())

    # -- handing out sockets ----------------------------------------------
    def add_request(self, req: Any, options: dict[str, Any]) -> None:
        """Give ``req`` a socket now (free or new) or queue it."""
        # (The per-request path: _pop_free and _take_free inlined, the pool's
        # dicts read once. A compiled call between the agent's own methods is a
        # bound-method look-up and a generic call, ~0.5-1 k instructions.)
        rt = getattr(req, "_rt", None)  # (a ClientRequest's Runtime)
        if rt is not None and type(options) is dict and self.get_name is _get_name:
            # The name of an origin is formatted once per Runtime.
            name = _memo_name(rt.agent_names, options)
        else:
            name = self.get_name(options)
        free_sockets = self.free_sockets
        sock = self._pop_free(name) if _pool_get(free_sockets, name) else None
        if sock is not None:
            self._take_free(sock)
            self.reuse_socket(sock, req)
            _append(self.sockets, name, sock)
            req.on_socket(sock)
            return
        in_use = _pool_len(self.sockets, name) + _pool_len(free_sockets, name)
        if in_use < self.max_sockets and self.total_socket_count < self.max_total_sockets:
            self.create_socket(req, options, _socket_callback(req))
            return
        _append(self.requests, name, req)
        self._queued_options[id(req)] = options  # (any object may be a request)

    def _pop_free(self, name: str) -> net.Socket | None:
        """A pooled socket for ``name`` (``scheduling`` picks which), skipping the
        ones the server closed or whose ``Keep-Alive`` hint expired while idle."""
        free = self.free_sockets.get(name)
        while free:
            sock = free.pop() if self.scheduling == "lifo" else free.pop(0)
            if not free:
                del self.free_sockets[name]
            conn = _conn(sock)  # (None: parked by hand, not made here)
            # (A destroyed socket is not writable.)
            if not sock.writable or (conn is not None and conn.peer_eof):
                continue  # the server closed it while idle: never reuse it
            return sock
        return None

    def create_socket(self, req: Any, options: dict[str, Any],
                      callback: Callable[[BaseException | None, Any], Any]) -> None:
        """Open a socket through :meth:`create_connection` and add it to the
        pool; ``callback(err, socket)`` once, in either of its two forms.
        ``create_connection`` gets the request's options over the agent's
        (so the agent's ``timeout`` reaches the socket)."""
        name = self.get_name(options)
        options = {**self.options, **options}
        if self.keep_alive:
            # Node hands the connection TCP keep-alive with the agent's delay.
            options["keep_alive"] = True
            options["keep_alive_initial_delay"] = self.keep_alive_msecs
        done = False

        def oncreate(err: BaseException | None = None, sock: Any = None) -> None:
            nonlocal done
            if done:
                return
            done = True
            if err is not None:
                callback(err, None)
                return
            self._adopt(sock, name, options)
            callback(None, sock)

        sock = self.create_connection(options, oncreate)
        if sock is not None:
            oncreate(None, sock)

    def _adopt(self, sock: net.Socket, name: str, options: dict[str, Any]) -> None:
        # The client's per-socket object holds the pool's facts about it.
        from ._client import ClientConnection  # (_client imports this module)
        conn = ClientConnection.of(sock)
        conn.agent_name = name
        conn.agent_options = options
        _append(self.sockets, name, sock)
        self.total_socket_count += 1
        self._install_listeners(sock)

    def _install_listeners(self, sock: net.Socket) -> None:
        """The pool's listeners on ``sock`` (Node's ``installListeners``).

        ``'close'`` and ``'agentRemove'`` take the socket out of the pool.
        ``'agentRemove'`` (emitted by the client when a CONNECT or Upgrade
        hands the socket to the user, or by the user) also removes all four,
        as Node's ``onRemove`` does: a socket the pool gave away carries
        nothing of the pool.
        """
        def on_free() -> None:
            self._on_free(sock)

        def on_close(*_: Any) -> None:
            self._remove_socket(sock)

        def on_timeout() -> None:
            self._on_timeout(sock)

        def on_remove() -> None:
            self._remove_socket(sock, keep_open=True)
            sock.remove_listener("free", on_free)
            sock.remove_listener("close", on_close)
            sock.remove_listener("agentRemove", on_remove)
            sock.remove_listener("timeout", on_timeout)

        sock.on("free", on_free)
        sock.on("close", on_close)
        sock.on("agentRemove", on_remove)
        sock.on("timeout", on_timeout)

    def create_connection(self, options: dict[str, Any],
                          callback: Callable[..., Any] | None = None) -> net.Socket:
        """Open the TCP (or unix) connection for a request (Node's
        ``net.createConnection``): host/port or ``socket_path``, and
        ``local_address``, ``local_port``, ``family``, ``lookup``, ``timeout``,
        ``keep_alive`` / ``keep_alive_initial_delay``, ``signal``. Returns the
        socket; an override may instead call ``callback(err, socket)``."""
        conn = self._connection_options(options)
        if options.get("socket_path"):
            conn["path"] = options["socket_path"]
        else:
            conn["host"] = options.get("host") or "localhost"
            conn["port"] = int(options.get("port") or self.default_port)
        return self._connected(net.connect(conn), options)

    @staticmethod
    def _connection_options(options: dict[str, Any]) -> dict[str, Any]:
        """What the socket takes of the options, besides where it connects."""
        # (0 / False mean "none" for every key but these, where they are values)
        return {key: options[key] for key in _SOCKET_KEYS
                if options.get(key) or key in _FALSY_VALUES and options.get(key) is not None}

    @staticmethod
    def _connected(sock: net.Socket, options: dict[str, Any]) -> net.Socket:
        """TCP keep-alive and the abort signal on a connection just opened."""
        if options.get("keep_alive"):
            delay = options.get("keep_alive_initial_delay", options.get("keep_alive_msecs"))
            sock.set_keep_alive(True, int(delay or 1000))
        signal = options.get("signal")
        if signal is not None:
            add_abort_signal(signal, sock)
        return sock

    def _take_free(self, sock: net.Socket) -> None:
        io = io_of(sock)
        conn = _conn(sock)
        if conn is None or io.consumer is not conn:
            # (The socket's client connection, parked, stays attached: the
            # request's _attach starts it on the response, no consumer change.)
            io.detach_consumer()
        sock.remove_listener("error", self._free_socket_error)
        # In use, the socket times out after the agent's timeout (Node leaves
        # the one keep_socket_alive set); the request may set its own.
        agent_timeout = self.timeout or 0
        if sock.timeout != agent_timeout:
            sock.set_timeout(agent_timeout)

    def remove_request(self, req: Any) -> None:
        """Drop a queued request (it was destroyed before it got a socket)."""
        for name, waiting in list(self.requests.items()):
            if req in waiting:
                waiting.remove(req)
                self._queued_options.pop(id(req), None)
                if not waiting:
                    del self.requests[name]

    # -- getting sockets back ---------------------------------------------
    def _on_free(self, sock: net.Socket, fresh: bool = False) -> None:
        """The socket's request/response pair is done (or, ``fresh``, a socket was
        made for a queued request): hand it on, pool it or close it; then
        ``'free'`` on the agent."""
        conn = _conn(sock)
        name = conn.agent_name
        if name is None:
            return  # taken out of the pool ('agentRemove'): no longer ours
        options = conn.agent_options
        if not sock.writable or conn.peer_eof:  # (a destroyed socket is not writable)
            # Node: a socket that cannot be written to is never handed on.
            sock.destroy()
        else:
            # Handed on to the first request waiting for its origin (inline: the
            # path of every request queued behind max_sockets), else pooled.
            requests = self.requests
            req = _pop_first(requests, name) if requests else None
            if req is None:
                self._release(sock, conn, name)
            else:
                self._queued_options.pop(id(req), None)
                if not fresh:
                    req.reused_socket = True
                req.on_socket(sock)
        if "free" in self._events:  # (an emit with no listener costs a call per request)
            self.emit("free", sock, options)

    def _release(self, sock: net.Socket, conn: Any, name: str) -> None:
        """Pool the socket nobody waits for, or close it."""
        free = _pool_len(self.free_sockets, name)
        if (not self.keep_alive or self.total_socket_count > self.max_total_sockets
                or free + _pool_len(self.sockets, name) > self.max_sockets
                or free >= self.max_free_sockets or not self.keep_socket_alive(sock)):
            # Seed: without keep_alive a socket nobody waits for is closed.
            sock.destroy()
            return
        _append(self.free_sockets, name, sock)
        self._park(sock)
        # Out of the active list (_remove_socket's parked case, inline: no
        # keyword call per pooled request); a waiting request may now get a
        # socket of its own.
        active = _pool_get(self.sockets, name)
        if active and sock in active:
            active.remove(sock)
            if not active:
                del self.sockets[name]
        if self.requests:
            self._serve_waiting(name)

    def _park(self, sock: net.Socket) -> None:
        # The server closing a free socket, or sending anything at all, must
        # drop it from the pool, never leave it for reuse.
        io = io_of(sock)
        conn = _conn(sock)
        if conn is None or io.consumer is not conn or conn.req is not None:
            io.attach_consumer(_Parked(sock))
        # (else the client connection a keep-alive release left attached is
        # parked: it drops the socket on any byte or EOF, as _Parked does.)
        # Node's freeSocketErrorListener: an error on an idle socket (a reset
        # by the server) only drops it from the pool.
        sock.on("error", self._free_socket_error)

    @staticmethod
    def _free_socket_error(_err: BaseException) -> None:
        pass  # the socket is destroyed by now; its 'close' removes it

    def _on_timeout(self, sock: net.Socket) -> None:
        if sock in self.free_sockets.get(_conn(sock).agent_name, ()):
            sock.destroy()

    def _remove_socket(self, sock: net.Socket, keep_open: bool = False) -> None:
        """Where a socket leaves the pool (``'close'`` or ``'agentRemove'``); a
        waiting request may now get a new socket (Node's ``removeSocket``).
        (A socket going to ``free_sockets`` leaves its active list in
        ``_release``.)"""
        conn = _conn(sock)
        name = conn.agent_name if conn is not None else None
        if name is None:
            return
        for pool in (self.sockets, self.free_sockets):
            lst = pool.get(name)
            if lst and sock in lst:
                lst.remove(sock)
                if not lst:
                    del pool[name]
        conn.agent_name = None
        if conn.req is None:
            # Out of the pool: the client connection a keep-alive release
            # left attached no longer parks the socket (its bytes are the
            # application's now).
            io_of(sock).detach_consumer(conn)
        self.total_socket_count -= 1
        if not keep_open:
            self.emit("remove", sock)
        self._serve_waiting(name)

    def _serve_waiting(self, name: str) -> None:
        """A socket left: make one for the first request waiting for ``name``
        or, if none does, for another origin that has no socket at all."""
        waiting = self.requests.get(name)
        if not waiting:
            waiting = next(iter(self.requests.values()), None)
            other = next(iter(self.requests), None)
            if waiting is None or self.sockets.get(other):
                return
        # (No max_total_sockets check, as in Node: the free sockets count too,
        # and one pooled over the limit is closed instead, in _release.)
        req = waiting[0]

        def on_created(err: BaseException | None, sock: Any) -> None:
            if err is not None:
                self.remove_request(req)
                req.on_socket(sock, err)
            else:
                self._on_free(sock, fresh=True)

        self.create_socket(req, self._queued_options[id(req)], on_created)

    def destroy(self) -> None:
        """Destroy every socket, in use or free."""
        for pool in (self.free_sockets, self.sockets):
            for socks in list(pool.values()):
                for sock in list(socks):
                    sock.destroy()

    # -- hooks (overridable, as in Node) ----------------------------------
    def keep_socket_alive(self, sock: net.Socket) -> bool:
        """Called before a free socket is pooled; False closes it instead.

        Makes the idle socket unref'd (it must not keep the program alive),
        TCP keep-alive, and timed out after the agent's ``timeout`` -- or
        sooner, a second before the server's ``Keep-Alive: timeout=N`` hint
        runs out (as undici does), so that a request is not written on a
        connection the server is about to close. A hint of one second: not
        pooled at all. (Node applies the hint only to lower an agent
        ``timeout``; here it applies without one too.)
        """
        sock.set_keep_alive(True, self.keep_alive_msecs)
        sock.unref()
        timeout = self.timeout or 0
        hint = _keep_alive_hint_ms(_conn(sock).res)
        if hint is not None:
            hint -= KEEP_ALIVE_HINT_MARGIN_MS
            if hint <= 0:
                return False  # too short to reuse safely (Node)
            timeout = min(timeout, hint) if timeout else hint
        if sock.timeout != timeout:
            sock.set_timeout(timeout)
        return True

    def reuse_socket(self, sock: net.Socket, req: Any) -> None:
        """Called when a pooled socket is handed to ``req``."""
        req.reused_socket = True
        sock.ref()


# The connect options a socket takes besides where it connects (net.connect's).
_SOCKET_KEYS = ("local_address", "local_port", "family", "lookup", "timeout", "high_water_mark",
                "auto_select_family", "auto_select_family_attempt_timeout")
_FALSY_VALUES = ("high_water_mark", "auto_select_family")

# How long before a server's Keep-Alive timeout hint a pooled socket is dropped.
KEEP_ALIVE_HINT_MARGIN_MS = 1000
_HINT_TIMEOUT = re.compile(r"(?:^|[,;\s])timeout\s*=\s*(\d+)", re.IGNORECASE)


def _keep_alive_hint_ms(res: Any) -> int | None:
    """The ``timeout=N`` of the last response's ``Keep-Alive`` header, in ms."""
    if res is None:
        return None
    # From the raw lines (res.headers would merge every field for this one),
    # joined as res.headers joins a repeated Keep-Alive.
    raw = res.raw_headers
    # (The length first: one lower() per Keep-Alive-sized name, not per field.)
    values = [raw[i + 1] for i in range(0, len(raw), 2)
              if len(raw[i]) == 10 and raw[i].lower() == "keep-alive"]
    if not values:
        return None
    match = _HINT_TIMEOUT.search(", ".join(values))
    return int(match.group(1)) * 1000 if match else None


_get_name = Agent.get_name
# Bound of the Runtime's agent_names: Agent.get_name's answers by (host, port,
# local_address, family, socket_path), the options it reads.
_NAMES_MAX = 256


def _socket_callback(req: Any) -> Callable[[BaseException | None, Any], None]:
    """``create_socket``'s callback for ``req``: made here, not as a lambda in
    ``add_request``, whose closure a compiled build would allocate per call."""
    return lambda err, sock: req.on_socket(sock, err)


# The pool's dict helpers: compiled, _agent.pxd makes them C functions taking
# the dicts typed, so that each get/len is a C call, not a method look-up and a
# generic call (~600 instructions) from the Agent's (Python class) methods.
def _pool_get(pool: dict[str, list[Any]], name: str) -> list[Any] | None:
    return pool.get(name)


def _pool_len(pool: dict[str, list[Any]], name: str) -> int:
    items = pool.get(name)
    return 0 if items is None else len(items)


def _pop_first(pool: dict[str, list[Any]], name: str) -> Any:
    """The first item of ``pool[name]`` (removed; the list too once empty), or
    None when the list is missing or empty."""
    items = pool.get(name)
    if not items:
        return None
    item = items.pop(0)
    if not items:
        del pool[name]
    return item


def _append(pool: dict[str, list[Any]], name: str, item: Any) -> None:
    """``pool.setdefault(name, []).append(item)`` without a new list per call
    (a pooled socket moves between the lists on every request)."""
    items = pool.get(name)
    if items is None:
        pool[name] = [item]
    else:
        items.append(item)


def _memo_name(names: dict[tuple[Any, ...], str], options: dict[str, Any]) -> str:
    """``Agent.get_name(options)``, remembered in ``names``; cleared when full."""
    # (options.get, not a bound get: compiled with options typed, a C look-up)
    key = (options.get("host"), options.get("port"), options.get("local_address"),
           options.get("family"), options.get("socket_path"))
    try:
        name = names.get(key)
    except TypeError:  # (an unhashable value: no memo)
        return _make_name(options)
    if name is None:
        if len(names) >= _NAMES_MAX:
            names.clear()
        name = names[key] = _make_name(options)
    return name


def _make_name(options: dict[str, Any]) -> str:
    name = f"{options.get('host') or 'localhost'}:"
    if options.get("port"):
        name += str(options["port"])
    name += ":"
    if options.get("local_address"):
        name += str(options["local_address"])
    if options.get("family") in (4, 6):
        name += f":{options['family']}"
    if options.get("socket_path"):
        name += f":{options['socket_path']}"
    return name


def _check_max_total_sockets(value: Any) -> float:
    """Node's validation of ``maxTotalSockets``: a number, > 0 (None: no limit)."""
    if value is None:
        return math.inf
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE",
                            'The "maxTotalSockets" argument must be of type number. '
                            f"Received {value!r}")
    if value != value:  # NaN (Infinity is accepted: Node v20.20, checked)
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "maxTotalSockets" is out of range. It must be an '
                             f"integer. Received {value!r}")
    if value <= 0:
        raise NodeValueError("ERR_OUT_OF_RANGE",
                             'The value of "maxTotalSockets" is out of range. It must be > 0. '
                             f"Received {value!r}")
    return value


def _check_scheduling(value: Any) -> str:
    if value not in ("fifo", "lifo"):
        raise NodeTypeError("ERR_INVALID_ARG_VALUE",
                            "The argument 'scheduling' must be one of: 'fifo', 'lifo'. "
                            f"Received {value!r}")
    return value


def io_of(sock: Any) -> Any:
    """``net.consumable(sock)`` (the socket's I/O object: itself, or the adapter of
    another stream) without a call into net for a Socket, the common case: a
    compiled module's call into a Python one costs ~1 k instructions."""
    if isinstance(sock, net.Socket):
        return sock
    return net.consumable(sock)


def _conn(sock: Any) -> Any:
    """The ClientConnection of a socket the pool made (create_socket made it; None
    for a socket parked by hand): on the socket's I/O object."""
    if isinstance(sock, net.Socket):
        return sock._http_connection
    return net.consumable(sock)._http_connection


class _Parked:
    """The consumer of a free socket: the server closing it, or sending
    anything at all, drops it from the pool; it is never reused."""

    __slots__ = ("socket",)

    def __init__(self, sock: net.Socket) -> None:
        self.socket = sock

    def on_data(self, _data: Any) -> None:
        self.socket.destroy()

    def on_eof(self) -> None:
        _conn(self.socket).peer_eof = True
        self.socket.destroy()

    def on_drain(self) -> None:
        pass  # a free socket writes nothing


def get_global_agent(kind: str = "http", factory: Callable[[], Agent] = Agent,
                     rt: runtime.Runtime | None = None) -> Agent:
    """The ``global_agent`` of ``kind`` (``"http"``, ``"https"``) for a Runtime
    (default: the current one), made by ``factory`` on first use.

    One per Runtime, not one per process as in Node: a pooled socket belongs
    to the loop that opened it, so two loops in two threads must never share a
    pool (STYLE rule 10): one loop's keep-alive socket handed to another's
    request would mix their connections."""
    agents = (rt or runtime.current()).cache("global_agents")
    agent = agents.get(kind)
    if agent is None:
        agent = agents[kind] = factory()
    return agent


def set_global_agent(agent: Agent, kind: str = "http") -> None:
    """``http.global_agent = agent`` (or https's): for the current Runtime."""
    runtime.current().cache("global_agents")[kind] = agent
