"""The keep-alive request-count ports (test-http-keep-alive-max-requests.js,
-server-keep-alive-defaults.js, -server-keep-alive-max-requests-null.js):
a server answering "Hello World!" to raw keep-alive GETs and POSTs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nodekit import http, net

BODY = "This is my request"


def hello_world_server() -> Any:
    """A server that reads each request's body (a POST's must be ``BODY``)
    and answers 200 "Hello World!" at its end."""
    def handler(req, res):
        body = []
        req.on("data", body.append)

        def on_end():
            if req.method == "POST":
                assert b"".join(body).decode() == BODY
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("Hello World!")
            res.end()

        req.on("end", on_end)

    return http.create_server(handler)


def write_request(socket: Any, with_body: bool = False) -> None:
    """A keep-alive GET, or a POST of ``BODY``; each followed by an extra
    CRLF pair, as Node's files write them."""
    if with_body:
        socket.write("POST / HTTP/1.1\r\n")
        socket.write("Connection: keep-alive\r\n")
        socket.write("Host: localhost\r\n")
        socket.write("Content-Type: text/plain\r\n")
        socket.write(f"Content-Length: {len(BODY)}\r\n\r\n")
        socket.write(f"{BODY}\r\n")
    else:
        socket.write("GET / HTTP/1.1\r\n")
        socket.write("Connection: keep-alive\r\n")
        socket.write("Host: localhost\r\n")
    socket.write("\r\n\r\n")


def _assert_keep_alive(headers: str, body: str) -> None:
    assert re.search(r"Connection: keep-alive\r\n", headers + "\r\n")
    assert re.search(r"Keep-Alive: timeout=5\r\n", headers + "\r\n")
    assert "Hello World!" in body


def four_pipelined_posts_stay_keep_alive(common: Any, setup: Callable[[Any], Any]) -> None:
    """Four pipelined POSTs on one socket: every response says keep-alive
    (timeout=5, no max). ``setup(server)`` sets or checks the limit."""
    def main():
        server = hello_world_server()
        setup(server)

        def go(port):
            socket = net.Socket()
            socket.on("end", common.must_call(lambda: server.close()))

            def on_ready():
                for _ in range(4):
                    write_request(socket, True)

            socket.on("ready", common.must_call(on_ready))
            buf = []
            done = [False]

            def on_data(data):
                buf.append(bytes(data).decode())
                parts = "".join(buf).strip().split("\r\n\r\n")
                if len(parts) == 8 and not done[0]:
                    done[0] = True
                    for i in range(0, 8, 2):
                        _assert_keep_alive(parts[i], parts[i + 1])
                    socket.end()

            socket.on("data", on_data)
            socket.connect({"port": port, "host": common.HOST})

        common.listen(server, go)

    common.run(main)
