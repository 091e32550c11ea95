"""test-http(s)-server-close-destroy-timeout.js, checked by what the
connections-checking interval does (its timer is a Node internal): before
close() a half-sent head is cut off with a 408 by headers_timeout; after
close() the checks have stopped, so a half-sent head on a connection that
close() leaves open (it is not idle) gets nothing for 4 x the timeout."""

from __future__ import annotations

from typing import Any

from nodekit import set_timeout
from tests.node._twins import Twin

HEADERS_TIMEOUT = 100
OPTIONS = {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0,
           "connections_checking_interval": 20}


def _connect(common: Any, twin: Twin, port: int, on_connect: Any) -> Any:
    return twin.connect({"host": common.HOST, "port": port}, on_connect)


def the_checks_run_while_listening(common: Any, twin: Twin) -> None:
    def main():
        server = twin.create_server(OPTIONS, common.must_not_call("request"))

        def go(port):
            got = []
            client = _connect(common, twin, port, lambda: client.write("GET / HTTP/1.1\r\n"))
            client.on("data", got.append)

            def on_end():
                assert b"".join(got).startswith(b"HTTP/1.1 408 Request Timeout\r\n")
                server.close()

            client.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)


def close_stops_the_connection_checks(common: Any, twin: Twin) -> None:
    # close() is called by the server-side socket's own 'data' listener, once
    # the server has parsed the half-sent head (its listener runs first): the
    # connection is busy, so close() leaves it open, and no fixed delay can
    # let the headers timeout cut it off first on a loaded machine (a 25 ms
    # timer after the client's connect did: a 408, once). Node v20 does the same.
    def main():
        server = twin.create_server(OPTIONS, common.must_not_call("request"))
        clients: list[Any] = []

        def close_then_wait(_data: Any) -> None:
            server.close(common.must_call())
            set_timeout(lambda: clients[0].destroy(), HEADERS_TIMEOUT * 4)

        def on_server_socket(sock: Any) -> None:
            sock.once("data", common.must_call(close_then_wait))

        # (https: the TLS socket, whose 'data' is the decrypted head.)
        server.on("secureConnection" if twin.secure else "connection", on_server_socket)

        def go(port):
            client = _connect(common, twin, port, lambda: client.write("GET / HTTP/1.1\r\n"))
            client.on("data", common.must_not_call("data after close()"))
            # close() left the busy connection open: only the client's destroy ends it.
            client.on("end", common.must_not_call("end after close()"))
            clients.append(client)

        common.listen(server, go)

    common.run(main)
