"""The seed's POST example: `nodekit examples/post_upload.py [host] [port] [path]`."""

import json
import sys
from urllib.parse import urlencode

from nodekit import http

HOST = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8081
PATH = sys.argv[3] if len(sys.argv) > 3 else "/upload"

post_data = urlencode({"msg": "Hello World!"})
options = {
    "hostname": HOST,
    "port": PORT,
    "path": PATH,
    "method": "POST",
    "headers": {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": len(post_data),
    },
}


def on_response(res):
    print(f"STATUS: {res.status_code}")
    print(f"HEADERS: {json.dumps(res.headers)}")
    res.set_encoding("utf8")
    res.on("data", lambda chunk: print(f"BODY: {chunk}", end=""))


req = http.request(options, on_response)
req.on("error", lambda e: print(f"problem with request: {e}"))
req.write(post_data)
req.end()
