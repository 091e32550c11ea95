"""The README's hello server: `make run` (or `nodekit examples/hello.py`)."""

import sys

from nodekit import http

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080


def on_request(req, res):
    body = f"Hello from NodeKit! You asked for {req.url}\n"
    res.write_head(200, {"Content-Type": "text/plain; charset=utf-8"})
    res.end(body)


server = http.create_server(on_request)
server.listen(PORT, HOST, lambda: print(f"Server running at http://{HOST}:{PORT}/", flush=True))
