"""Who hears a server socket's idle timeout: as Node's connectionListenerInternal, the
server adds one ``'timeout'`` listener (socketOnTimeout) to the socket, first, rather
than a consumer hook. So an application's own listener runs after it (and finds the
socket destroyed when nobody handled the timeout), removing the listeners removes the
server's handling, and a Duplex handed in as a connection times out the same way when
it emits ``'timeout'``. Expected values are what Node v20.20 printed for the same lines.
"""

from __future__ import annotations

from typing import Any

from nodekit import http, net, stream
from tests.conftest import run


class Quiet(stream.Duplex):
    def _read(self, size: int) -> None:
        pass

    def _write(self, chunk: Any, encoding: str, callback: Any) -> None:
        callback()


def test_the_servers_listener_runs_before_the_applications() -> None:
    seen: list[Any] = []

    def main() -> None:
        server = http.create_server(lambda req, res: None)
        server.set_timeout(50)

        def on_connection(sock: net.Socket) -> None:
            seen.append(("listeners", sock.listener_count("timeout"), sock.timeout))
            sock.on("timeout", lambda: seen.append(("user", sock.destroyed)))

        def go() -> None:
            client = net.connect(server.address()["port"], "127.0.0.1")
            client.on("close", lambda *_: (seen.append("client closed"), server.close()))

        server.on("connection", on_connection)
        server.listen(0, "127.0.0.1", go)

    run(main, timeout=10)
    assert seen == [("listeners", 1, 50), ("user", True), "client closed"]


def test_a_duplex_handed_in_times_out_through_its_timeout_event() -> None:
    seen: dict[str, Any] = {}

    def main() -> None:
        duplex = Quiet()
        server = http.create_server()
        server.emit("connection", duplex)
        seen["listeners"] = duplex.listener_count("timeout")
        server.on("timeout", lambda sock: seen.setdefault("heard", sock is duplex))
        duplex.emit("timeout")
        seen["handled: destroyed"] = duplex.destroyed
        server.remove_all_listeners("timeout")
        duplex.emit("timeout")
        seen["unheard: destroyed"] = duplex.destroyed
        other = Quiet()
        server.emit("connection", other)
        other.remove_all_listeners("timeout")  # the server's handling goes with them
        other.emit("timeout")
        seen["no listener: destroyed"] = other.destroyed
        other.destroy()

    run(main, timeout=5)
    assert seen == {"listeners": 1, "heard": True, "handled: destroyed": False,
                    "unheard: destroyed": True, "no listener: destroyed": False}
