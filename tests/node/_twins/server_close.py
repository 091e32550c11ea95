"""test-http(s)-server-close-all.js and -close-idle.js: a server with one
half-sent request (client1) and one served keep-alive connection (client2);
close_all_connections() drops both, close() only the idle one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import set_timeout
from tests.node._twins import Twin


def _two_clients(common: Any, twin: Twin, server_options: dict[str, Any], head: str,
                 on_served: Callable[[Any, list[Any]], Any],
                 closed: dict[str, bool]) -> None:
    """Serve client2's ``head`` while client1's request stays half-sent;
    ``on_served(server, connections)`` once client2 has its whole response."""
    connections: list[Any] = []

    def handler(req, res):
        res.write_head(200, {"Connection": "keep-alive"})
        res.end()

    args = (server_options,) if server_options else ()
    server = twin.create_server(*args, common.must_call(handler))
    server.on("connection", connections.append)

    def go(port):
        options = {"host": common.HOST, "port": port}
        client1 = twin.connect(options)  # a first request that never ends

        def on_connect1():
            # a second one that ends, its connection kept open by keep-alive
            client2 = twin.connect(options)
            response = []
            client2.set_encoding("utf8")

            def on_data(chunk):
                response.append(chunk)
                text = "".join(response)
                if text.endswith("0\r\n\r\n"):
                    assert text.startswith("HTTP/1.1 200 OK\r\nConnection: keep-alive")
                    on_served(server, connections)

            client2.on("data", common.must_call_at_least(on_data))
            client2.on("close", common.must_call(lambda *_: closed.update(client2=True)))
            client2.write(head)

        client1.on("connect", common.must_call(on_connect1))
        client1.on("close", common.must_call(lambda *_: closed.update(client1=True)))
        client1.on("error", lambda err: None)
        client1.write("GET / HTTP/1.1")

    common.listen(server, go)


def close_all(common: Any, twin: Twin, server_options: dict[str, Any], head: str) -> None:
    def on_served(server, connections):
        assert len(connections) == 2
        server.close_all_connections()
        server.close(common.must_call())
        # never fires: close() shut everything down
        set_timeout(common.must_not_call("timer"), 1500).unref()

    common.run(lambda: _two_clients(common, twin, server_options, head, on_served, {}))


def close_idle(common: Any, twin: Twin, server_options: dict[str, Any], head: str,
               check_after_ms: int) -> None:
    closed = {"client1": False, "client2": False}

    def on_served(server, connections):
        def later():
            assert not closed["client1"]
            assert closed["client2"]
            server.close_all_connections()
            server.close(common.must_call())

        assert len(connections) == 2
        server.close(common.must_call())
        set_timeout(common.must_call(later), check_after_ms).unref()

    common.run(lambda: _two_clients(common, twin, server_options, head, on_served, closed))
