"""The seed's upgrade client: `nodekit examples/upgrade_client.py [port]`."""

import sys

from nodekit import http

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1337

req = http.request({"port": PORT, "hostname": "127.0.0.1",
                    "headers": {"Connection": "Upgrade", "Upgrade": "websocket"}})
req.end()


def on_upgrade(res, socket, upgrade_head):
    print("got upgraded!")
    socket.end()


req.on("upgrade", on_upgrade)
