"""The seed's upgrade server: answers `Upgrade` with 101 and echoes the upgraded stream.

`nodekit examples/upgrade_server.py [port]`; `examples/upgrade_client.py` talks to it.
"""

import sys

from nodekit import http

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1337


def on_request(req, res):
    res.write_head(200, {"Content-Type": "text/plain"})
    res.end("okay")


def on_upgrade(req, socket, head):
    socket.write(b"HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                 b"Upgrade: WebSocket\r\n"
                 b"Connection: Upgrade\r\n"
                 b"\r\n")
    if head:
        socket.write(head)
    socket.pipe(socket)  # echo back


srv = http.create_server(on_request)
srv.on("upgrade", on_upgrade)
srv.listen(PORT, "127.0.0.1",
           lambda: print(f"upgrade server listening on 127.0.0.1:{srv.address()['port']}",
                         flush=True))
