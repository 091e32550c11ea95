"""The seed's CONNECT client: tunnels through a proxy to an origin and sends a GET.

`nodekit examples/connect_client.py PROXY_PORT ORIGIN_HOST:ORIGIN_PORT`
"""

import sys

from nodekit import http

PROXY_PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1337
TARGET = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1:8080"

req = http.request({"port": PROXY_PORT, "hostname": "127.0.0.1", "method": "CONNECT",
                    "path": TARGET})
req.end()


def on_connect(res, socket, head):
    print("got connected!")
    socket.write(f"GET / HTTP/1.1\r\nHost: {TARGET}\r\nConnection: close\r\n\r\n".encode())
    socket.on("data", lambda chunk: print(chunk.decode("latin-1"), end=""))
    socket.on("end", lambda: print())


req.on("connect", on_connect)
