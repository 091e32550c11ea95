"""Fetch a URL over https and print the answer: `nodekit examples/https_get.py URL`.

The server's certificate is verified against the system's CAs (add
`NODE_TLS_REJECT_UNAUTHORIZED=0` in front, as with Node, to skip that for a
self-signed test server such as examples/https_server.py).
"""

import sys

from nodekit import https, process

URL = sys.argv[1] if len(sys.argv) > 1 else "https://example.com/"


def on_response(res):
    sock = res.socket
    print(f"{res.status_code} {res.status_message} "
          f"({sock.get_protocol()}, {sock.get_cipher()['name']}, "
          f"authorized={sock.authorized})", file=sys.stderr)
    for name, value in res.headers.items():
        print(f"{name}: {value}", file=sys.stderr)
    res.on("data", lambda chunk: sys.stdout.buffer.write(chunk))
    res.on("end", lambda: sys.stdout.flush())


def on_error(err):
    print(f"Got error: {err}", file=sys.stderr)
    process.exit(1)


https.get(URL, on_response).on("error", on_error)
