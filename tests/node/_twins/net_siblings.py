"""Bodies shared by sibling net ports that Node writes twice with one
thing changed: the socket event awaited, destroy() or resetAndDestroy(),
the kind of data written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import net, set_timeout
from tests.node._common import HOST


def write_after_reset_and_destroy(common: Any) -> None:
    """test-net-connect-reset-after-destroy.js = test-net-socket-reset-send.js:
    a write after resetAndDestroy() fails with ERR_STREAM_DESTROYED and the
    server side reads ECONNRESET."""
    def main():
        server = net.create_server()

        def on_listening():
            conn = net.create_connection(server.address()["port"], HOST)

            def on_connection(socket):
                socket.on("error", common.expects_error(code="ECONNRESET",
                                                        message="read ECONNRESET"))

            server.on("connection", on_connection)

            def on_connect():
                assert conn.reset_and_destroy().destroy() is conn
                conn.on("error", common.must_not_call())
                conn.write(b"fzfzfzfzfz", common.expects_error(
                    code="ERR_STREAM_DESTROYED",
                    message="Cannot call write after a stream was destroyed"))
                server.close()

            conn.on("connect", common.must_call(on_connect))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)


def writes_until_drain(common: Any, write: Callable[[Any], bool], rounds: int) -> None:
    """test-net-write-fully-async-buffer/-hex-string.js: ``write(conn)`` until
    it returns False, again at each 'drain', ``rounds`` times."""
    def main():
        server = net.create_server(common.must_call(lambda conn: conn.resume()))

        def on_listening():
            count = {"n": 0}

            def on_connect():
                def write_loop(*_):
                    count["n"] += 1
                    if count["n"] == rounds + 1:
                        conn.destroy()
                        server.close()
                        return
                    while write(conn):
                        pass

                conn.on("drain", write_loop)
                write_loop()

            conn = net.create_connection(server.address()["port"], HOST,
                                         common.must_call(on_connect))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main, timeout=60)


def close_with_two_connections(common: Any, reset: bool) -> None:
    """test-net-server-close.js (destroy) / test-net-server-reset.js
    (resetAndDestroy, the clients read ECONNRESET): close() returns the
    server, which closes once its two sockets are gone."""
    def main():
        sockets = []

        def handler(c):
            c.on("close", common.must_call())
            sockets.append(c)
            if len(sockets) == 2:
                assert server.close() is server
                for s in sockets:
                    s.reset_and_destroy() if reset else s.destroy()

        server = net.create_server(handler)
        server.on("close", common.must_call())

        def on_error(error):
            assert error.code == "ECONNRESET"

        def on_listening():
            for _ in range(2):
                client = net.create_connection(server.address()["port"], HOST)
                if reset:
                    client.on("error", common.must_call(on_error))

        assert server.listen(0, HOST, on_listening) is server

    common.run(main)


def connect_to_the_address_dict(common: Any, event: str) -> None:
    """test-net-socket-connect-without-cb.js ('connect') /
    -ready-without-cb.js ('ready'): Socket().connect(server.address())
    with no callback emits ``event``."""
    def main():
        def handler(conn):
            conn.end()
            server.close()

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            client = net.Socket()
            client.on(event, common.must_call(lambda: client.end()))
            client.connect(server.address())

        common.listen(server, on_listening)

    common.run(main)


def second_destroy_inside_error(common: Any, reset: bool) -> None:
    """test-net-socket-destroy-twice.js / -reset-twice.js: a refused
    connection's 'error' listener destroys (resets) it again; it closes once."""
    def main():
        server = net.create_server()

        def on_listening(port):
            server.close()
            conn = net.create_connection(port, HOST)
            again = conn.reset_and_destroy if reset else conn.destroy
            conn.on("error", common.must_call(lambda err: again()))
            conn.on("close", common.must_call())

        common.listen(server, on_listening)

    common.run(main)


def keep_alive_echo(common: Any, delay: float, on_server_socket: Callable[[Any], None],
                    connect: Callable[[int], Any],
                    check: Callable[[Any], None] | None = None) -> None:
    """test-net-keepalive.js and test-net-persistent-keepalive.js: an echo
    server whose connection, after ``delay`` ms, is still open on both ends;
    ``on_server_socket(connection)`` sets (or checks) keep-alive on the
    accepted socket, ``connect(port)`` makes the client, ``check(client)``
    runs with the open-checks before both ends close."""
    def main() -> None:
        conns: dict[str, Any] = {}

        def on_connection(connection: Any) -> None:
            conns["server"] = connection

            def later() -> None:
                assert conns["server"].ready_state == "open"
                assert conns["client"].ready_state == "open"
                if check is not None:
                    check(conns["client"])
                conns["server"].end()
                conns["client"].end()
                echo_server.close()

            set_timeout(common.must_call(later), delay)
            connection.set_timeout(0)
            on_server_socket(connection)
            connection.on("end", lambda *_: connection.end())

        echo_server = net.create_server(on_connection)
        echo_server.listen(0, HOST)

        def on_listening() -> None:
            conns["client"] = connect(echo_server.address()["port"])
            conns["client"].set_timeout(0)

        echo_server.on("listening", on_listening)

    common.run(main)
