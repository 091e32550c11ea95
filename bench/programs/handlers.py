"""The benchmark server's request handlers: hello world, an upload that counts
its bytes, and a download of `?size=N` bytes in 64 KiB writes that waits for
'drain'. Shared by server.py (the bench's NodeKit server) and bench/tls_cost.py."""

from urllib.parse import parse_qs, urlsplit

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
