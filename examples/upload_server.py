"""A streaming upload sink: reports the size and SHA-256 of a body of any size.

`nodekit examples/upload_server.py [port]`, then
`curl -T bigfile http://127.0.0.1:8081/` (memory stays flat: the body is never buffered).
"""

import hashlib
import json
import sys

from nodekit import http

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8081


def on_request(req, res):
    digest = hashlib.sha256()
    size = 0

    def on_data(chunk):
        nonlocal size
        size += len(chunk)
        digest.update(chunk)

    def on_end():
        body = json.dumps({"bytes": size, "sha256": digest.hexdigest()}) + "\n"
        res.write_head(200, {"Content-Type": "application/json"})
        res.end(body)

    req.on("data", on_data)
    req.on("end", on_end)


server = http.create_server(on_request)
server.listen(PORT, "127.0.0.1",
              lambda: print(f"upload server listening on 127.0.0.1:{server.address()['port']}",
                            flush=True))
