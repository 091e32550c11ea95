"""The seed's `http.get` example: `nodekit examples/get.py [url]`."""

import sys

from nodekit import http

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/index.html"


def on_response(res):
    print(f"Got response: {res.status_code}")
    res.resume()


http.get(URL, on_response).on("error", lambda e: print(f"Got error: {e}"))
