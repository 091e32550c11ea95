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
from typing import Any

from .. import net
from ..events import EventEmitter

__all__ = ["Agent", "global_agent"]


class Agent(EventEmitter):
    """Node's ``http.Agent`` (the seed's keep-alive semantics)."""

    default_port = 80
    protocol = "http:"

    def __init__(self, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__()
        opts = {**(options or {}), **kwargs}
        self.options = opts
        self.keep_alive = bool(opts.get("keep_alive", False))
        self.keep_alive_msecs = int(opts.get("keep_alive_msecs", 1000))
        self.max_sockets: float = opts.get("max_sockets", math.inf) or math.inf
        self.max_free_sockets: float = opts.get("max_free_sockets", 256)
        self.max_total_sockets: float = opts.get("max_total_sockets", math.inf) or math.inf
        self.timeout = opts.get("timeout")
        self.scheduling = opts.get("scheduling", "lifo")
        self.sockets: dict[str, list[net.Socket]] = {}
        self.free_sockets: dict[str, list[net.Socket]] = {}
        self.requests: dict[str, list[Any]] = {}
        # The options each queued request came with (Node's req[kRequestOptions]),
        # for the socket a later 'close' may make for it.
        self._queued_options: dict[int, dict[str, Any]] = {}  # by id(req)
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
        if kwargs:
            options = {**(options or {}), **kwargs}
        elif options is None:
            options = {}
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

    # -- handing out sockets ----------------------------------------------
    def add_request(self, req: Any, options: dict[str, Any]) -> None:
        """Give ``req`` a socket now (free or new) or queue it."""
        name = self.get_name(options)
        free = self.free_sockets.get(name)
        while free:
            sock = free.pop() if self.scheduling == "lifo" else free.pop(0)
            if not free:
                del self.free_sockets[name]
            if sock.destroyed or not sock.writable or _conn(sock).peer_eof:
                continue  # the server closed it while idle: never reuse it
            self._take_free(sock)
            self.sockets.setdefault(name, []).append(sock)
            req._reused_socket = True
            req.on_socket(sock)
            return
        active = len(self.sockets.get(name, ()))
        if active < self.max_sockets and self.total_socket_count < self.max_total_sockets:
            sock = self.create_socket(req, options)
            req.on_socket(sock)
            return
        self.requests.setdefault(name, []).append(req)
        self._queued_options[id(req)] = options  # (any object may be a request)

    def create_socket(self, req: Any, options: dict[str, Any]) -> net.Socket:
        name = self.get_name(options)
        sock = self.create_connection(options)
        # The client's per-socket object holds the pool's facts about it.
        from ._client import ClientConnection  # (_client imports this module)
        conn = ClientConnection.of(sock)
        conn.agent_name = name
        conn.agent_options = options
        self.sockets.setdefault(name, []).append(sock)
        self.total_socket_count += 1
        self._install_listeners(sock)
        return sock

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

    def create_connection(self, options: dict[str, Any]) -> net.Socket:
        """Open the TCP (or unix) connection for a request."""
        conn: dict[str, Any] = {}
        if options.get("socket_path"):
            conn["path"] = options["socket_path"]
        else:
            conn["host"] = options.get("host") or "localhost"
            conn["port"] = int(options.get("port") or self.default_port)
            if options.get("local_address"):
                conn["local_address"] = options["local_address"]
            if options.get("family"):
                conn["family"] = options["family"]
        sock = net.connect(conn)
        if options.get("keep_alive"):
            # The request's keep_alive / keep_alive_msecs options: TCP
            # keep-alive on its connection (net applies it once connected).
            sock.set_keep_alive(True, int(options.get("keep_alive_msecs") or 1000))
        return sock

    def _take_free(self, sock: net.Socket) -> None:
        sock.detach_consumer()
        sock.remove_listener("error", self._free_socket_error)
        sock.ref()
        if sock.timeout:  # (set_timeout(0) on a socket without one changes nothing)
            sock.set_timeout(0)

    def remove_request(self, req: Any) -> None:
        """Drop a queued request (it was destroyed before it got a socket)."""
        for name, waiting in list(self.requests.items()):
            if req in waiting:
                waiting.remove(req)
                self._queued_options.pop(id(req), None)
                if not waiting:
                    del self.requests[name]

    # -- getting sockets back ---------------------------------------------
    def _on_free(self, sock: net.Socket) -> None:
        """The socket's request/response pair is done: reuse, pool or close it."""
        conn = sock._http_connection
        name = conn.agent_name
        if name is None:
            return  # taken out of the pool ('agentRemove'): no longer ours
        if sock.destroyed or not sock.writable or conn.peer_eof:
            # Node: a socket that cannot be written to is never handed on.
            sock.destroy()
            return
        waiting = self.requests.get(name)
        if waiting:
            req = waiting.pop(0)
            if not waiting:
                del self.requests[name]
            self._queued_options.pop(id(req), None)
            req._reused_socket = True
            req.on_socket(sock)
            return
        if not self.keep_alive or self._free_count(name) >= self.max_free_sockets:
            # Seed: without keep_alive a socket nobody waits for is closed.
            sock.destroy()
            return
        self._detach_active(sock, name)
        self.free_sockets.setdefault(name, []).append(sock)
        self._park(sock)

    def _park(self, sock: net.Socket) -> None:
        # A free socket must not keep the program alive (seed), and the server
        # closing it must drop it from the pool, never leave it for reuse.
        sock.attach_consumer(_Parked(sock))
        # Node's freeSocketErrorListener: an error on an idle socket (a reset
        # by the server) only drops it from the pool.
        sock.on("error", self._free_socket_error)
        sock.set_keep_alive(True, self.keep_alive_msecs)
        sock.unref()
        if self.timeout:
            sock.set_timeout(self.timeout)

    @staticmethod
    def _free_socket_error(_err: BaseException) -> None:
        pass  # the socket is destroyed by now; its 'close' removes it

    def _free_count(self, name: str) -> int:
        return len(self.free_sockets.get(name, ()))

    def _detach_active(self, sock: net.Socket, name: str) -> None:
        active = self.sockets.get(name)
        if active and sock in active:
            active.remove(sock)
            if not active:
                del self.sockets[name]

    def _on_timeout(self, sock: net.Socket) -> None:
        if sock in self.free_sockets.get(_conn(sock).agent_name, ()):
            sock.destroy()

    def _remove_socket(self, sock: net.Socket, keep_open: bool = False) -> None:
        """The one place a socket leaves the pool (``'close'`` or ``'agentRemove'``)."""
        conn = sock._http_connection
        name = conn.agent_name if conn is not None else None
        if name is None:
            return
        removed = False
        for pool in (self.sockets, self.free_sockets):
            lst = pool.get(name)
            if lst and sock in lst:
                lst.remove(sock)
                removed = True
                if not lst:
                    del pool[name]
        if removed:
            self.total_socket_count -= 1
            conn.agent_name = None
        if not keep_open:
            self.emit("remove", sock)
        self._serve_waiting(name)

    def _serve_waiting(self, name: str) -> None:
        waiting = self.requests.get(name)
        if waiting and len(self.sockets.get(name, ())) < self.max_sockets:
            req = waiting.pop(0)
            if not waiting:
                del self.requests[name]
            sock = self.create_socket(req, self._queued_options.pop(id(req)))
            req.on_socket(sock)

    def destroy(self) -> None:
        """Destroy every socket, in use or free."""
        for pool in (self.free_sockets, self.sockets):
            for socks in list(pool.values()):
                for sock in list(socks):
                    sock.destroy()

    def keep_socket_alive(self, sock: net.Socket) -> bool:
        return self.keep_alive

    def reuse_socket(self, sock: net.Socket, req: Any) -> None:
        sock.ref()


def _conn(sock: net.Socket) -> Any:
    """The ClientConnection of a socket the pool made (create_socket made it)."""
    return sock._http_connection


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


global_agent = Agent()
