"""test-http-upgrade-agent.js and test-http-upgrade-client.js: the raw
server both files build, once."""

from __future__ import annotations

from typing import Any

from nodekit import net


def switching_server(payload: Any) -> Any:
    """A net server that answers a client's first bytes with a bare
    ``101`` (hello: world, connection: upgrade, upgrade: websocket) and then
    ``payload``; it ends each connection when the client ends."""

    def on_connection(c: Any) -> None:
        def on_data(d: Any) -> None:
            c.write("HTTP/1.1 101\r\n")
            c.write("hello: world\r\n")
            c.write("connection: upgrade\r\n")
            c.write("upgrade: websocket\r\n")
            c.write("\r\n")
            c.write(payload)

        c.on("data", on_data)
        c.on("end", lambda: c.end())

    return net.create_server(on_connection)
