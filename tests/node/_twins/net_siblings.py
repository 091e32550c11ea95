"""Bodies shared by sibling net ports that Node writes twice with one
thing changed: the socket event awaited, destroy() or resetAndDestroy(),
the kind of data written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import net
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
