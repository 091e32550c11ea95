"""The benchmark server, NodeKit's half: the same program as server.js.

`server.py PORT` serves http; `server.py PORT KEY CERT` (PEM files) https."""

import os
import sys

from nodekit import http, https

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from handlers import on_request  # noqa: E402  (this directory, for runpy)

PORT = int(sys.argv[1])

if len(sys.argv) > 3:
    with open(sys.argv[2], "rb") as key, open(sys.argv[3], "rb") as cert:
        server = https.create_server({"key": key.read(), "cert": cert.read()}, on_request)
else:
    server = http.create_server(on_request)
server.listen(PORT, "127.0.0.1", lambda: print("ready", flush=True))
