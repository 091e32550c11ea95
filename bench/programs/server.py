"""The benchmark server, NodeKit's half: the same program as server.js.

`server.py PORT` serves http; `server.py PORT KEY CERT` (PEM files) https."""

import sys
from urllib.parse import parse_qs, urlsplit

from nodekit import http, https

PORT = int(sys.argv[1])
BLOCK = b"x" * 65536


def upload(req, res):
    count = [0]

    def on_data(chunk):
        count[0] += len(chunk)

    def on_end():
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end(str(count[0]))

    req.on("data", on_data)
    req.on("end", on_end)


def download(req, res):
    left = int(parse_qs(urlsplit(req.url).query)["size"][0])
    res.write_head(200, {"Content-Type": "application/octet-stream", "Content-Length": left})

    def pump():
        nonlocal left
        while left > 0:
            chunk = BLOCK if left >= len(BLOCK) else BLOCK[:left]
            left -= len(chunk)
            if not res.write(chunk):
                res.once("drain", pump)
                return
        res.end()

    pump()


def on_request(req, res):
    if req.url == "/upload":
        upload(req, res)
    elif req.url.startswith("/download"):
        download(req, res)
    else:
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("Hello, World!")


if len(sys.argv) > 3:
    with open(sys.argv[2], "rb") as key, open(sys.argv[3], "rb") as cert:
        server = https.create_server({"key": key.read(), "cert": cert.read()}, on_request)
else:
    server = http.create_server(on_request)
server.listen(PORT, "127.0.0.1", lambda: print("ready", flush=True))
