"""The Agent's per-request path (issue 12, agentcore) calls a subclass's
overrides: ``get_name`` (the Runtime's name memo is for ``Agent.get_name``
only), ``reuse_socket``, ``keep_socket_alive``, ``create_connection``; the
hand-on of a socket to a queued request and the pooling of a free one keep
``sockets`` / ``free_sockets`` / ``requests`` and ``'free'`` as before; and
the constructor's shortcut for a GET to ``/`` checks every other method and
path as ``validate_method`` / ``validate_path`` do."""

from __future__ import annotations

import pytest
from conftest import run
from test_client_support import OK, RawServer, get_with

from nodekit import http, set_timeout
from nodekit.errors import NodeTypeError


def keep_alive_server(conn):
    for _ in range(10):
        head, _ = conn.read_request()
        if not head:
            return
        conn.send(OK)


class HookedAgent(http.Agent):
    """Records each hook the pool calls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []

    def get_name(self, options=None, **kwargs):
        self.calls.append("get_name")
        return "origin-" + str(options["port"])

    def reuse_socket(self, sock, req):
        self.calls.append("reuse_socket")
        super().reuse_socket(sock, req)

    def keep_socket_alive(self, sock):
        self.calls.append("keep_socket_alive")
        return super().keep_socket_alive(sock)

    def create_connection(self, options, callback=None):
        self.calls.append("create_connection")
        return super().create_connection(options, callback)


def test_a_subclass_hooks_are_called_on_the_pooled_path(must_call):
    agent = HookedAgent(keep_alive=True)
    seen = []
    with RawServer(keep_alive_server) as srv:
        name = f"origin-{srv.port}"

        def second():
            def on_response(res):
                res.resume()
                seen.append(("second", res.req.reused_socket))
                res.on("end", lambda: set_timeout(done, 20))

            http.get(get_with(srv.port, "/2", agent=agent), must_call(on_response))

        def done():
            seen.append(("free", {k: len(v) for k, v in agent.free_sockets.items()}))
            agent.destroy()

        def main():
            def on_response(res):
                res.resume()
                seen.append(("first", res.req.reused_socket, list(agent.sockets)))
                # once the socket is pooled (its 'free' runs a tick later)
                res.on("end", lambda: set_timeout(second, 20))

            http.get(get_with(srv.port, "/1", agent=agent), must_call(on_response))

        run(main)
    assert seen == [("first", False, [name]), ("second", True), ("free", {name: 1})]
    # (create_socket names the origin again, as Node's createSocket does)
    assert agent.calls == ["get_name", "get_name", "create_connection", "keep_socket_alive",
                           "get_name", "reuse_socket", "keep_socket_alive"]
    assert len(srv.conns) == 1


def test_keep_socket_alive_false_closes_the_free_socket(must_call):
    class NoPool(http.Agent):
        def keep_socket_alive(self, sock):
            return False

    agent = NoPool(keep_alive=True)
    seen = []
    with RawServer(keep_alive_server) as srv:
        def main():
            def on_response(res):
                res.resume()
                res.on("end", lambda: set_timeout(
                    lambda: seen.append((agent.sockets, agent.free_sockets)), 20))

            http.get(get_with(srv.port, agent=agent), must_call(on_response))

        run(main)
    assert seen == [({}, {})]


def test_a_queued_request_gets_the_socket_and_free_is_emitted(must_call):
    agent = http.Agent(keep_alive=True, max_sockets=1)
    frees = []
    order = []
    agent.on("free", lambda sock, options: frees.append(options["port"]))
    with RawServer(keep_alive_server) as srv:
        def main():
            def on_response(res):
                res.resume()
                order.append((res.req.path, res.req.reused_socket))
                if res.req.path == "/3":
                    res.on("end", lambda: set_timeout(agent.destroy, 20))

            for path in ("/1", "/2", "/3"):
                http.get(get_with(srv.port, path, agent=agent), must_call(on_response))

        run(main)
    assert order == [("/1", False), ("/2", True), ("/3", True)]
    assert frees == [srv.port] * 3
    assert agent.requests == {}
    assert len(srv.conns) == 1


@pytest.mark.parametrize(("method", "expected", "chunked"), [
    (None, "GET", False), ("", "GET", False), ("GET", "GET", False),
    ("get", "GET", False), ("post", "POST", True), ("DELETE", "DELETE", False),
])
def test_the_method_shortcut_keeps_validate_method(method, expected, chunked):
    agent = http.Agent()
    agent.add_request = lambda req, options: None  # (no socket: the constructor only)
    req = http.request({"port": 1, "method": method, "agent": agent})
    assert req.method == expected
    assert req.use_chunked_encoding_by_default is chunked


@pytest.mark.parametrize("path", ["/a b", "/\r\n", "/é€"])
def test_the_path_shortcut_keeps_validate_path(path):
    agent = http.Agent()
    agent.add_request = lambda req, options: None
    with pytest.raises(NodeTypeError) as info:
        http.request({"port": 1, "path": path, "agent": agent})
    assert info.value.code == "ERR_UNESCAPED_CHARACTERS"
    assert http.request({"port": 1, "path": "/", "agent": agent}).path == "/"
    with pytest.raises(NodeTypeError) as info:
        http.request({"port": 1, "method": "G T", "agent": agent})
    assert info.value.code == "ERR_INVALID_HTTP_TOKEN"
