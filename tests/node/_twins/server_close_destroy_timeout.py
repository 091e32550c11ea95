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
    def main():
        server = twin.create_server(OPTIONS, common.must_not_call("request"))

        def go(port):
            def close_then_wait():
                server.close(common.must_call())
                set_timeout(lambda: client.destroy(), HEADERS_TIMEOUT * 4)

            def on_connect():
                client.write("GET / HTTP/1.1\r\n")
                # Once the line reached the server (so the connection is not idle
                # and close() leaves it open), well before the headers timeout.
                set_timeout(close_then_wait, HEADERS_TIMEOUT // 4)

            client = _connect(common, twin, port, on_connect)
            client.on("data", common.must_not_call("data after close()"))

        common.listen(server, go)

    common.run(main)
