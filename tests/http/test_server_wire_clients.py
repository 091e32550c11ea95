"""The NodeKit server against real-world clients: ``http.client``, ``requests``, curl.

Keep-alive reuse, chunked responses and uploads, HEAD and 100-continue as
those clients exercise them. Each client runs in a thread (``serve``) while
the server runs in NodeKit's loop.
"""

from __future__ import annotations

import http.client
import shutil
import subprocess
from typing import Any

import pytest
import requests

from tests.support import serve


def echo(req: Any, res: Any) -> None:
    """Answer with what was received: method, url, transfer-encoding and body."""
    body: list[bytes] = []
    req.on("data", lambda d: body.append(bytes(d)))

    def done() -> None:
        data = b"".join(body)
        res.set_header("X-Method", req.method)
        res.set_header("X-Url", req.url)
        res.set_header("X-Request-TE", req.headers.get("transfer-encoding", "-"))
        res.set_header("X-Request-Expect", req.headers.get("expect", "-"))
        if req.url.startswith("/chunked"):
            res.write(data[:1])
            res.end(data[1:])
        else:
            res.end(data)

    req.on("end", done)


def setup_counting(connections: list[Any], handler: Any = echo) -> Any:
    def setup(srv: Any) -> None:
        srv.on("request", handler)
        srv.on("connection", connections.append)

    return setup


# -- http.client ------------------------------------------------------------------------


def test_http_client_reuses_the_connection_for_sequential_requests():
    connections: list[Any] = []

    def client(port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            out = []
            for path in ("/a", "/chunked-b", "/c"):
                conn.request("POST", path, body=b"payload " + path.encode())
                r = conn.getresponse()
                out.append((r.status, r.getheader("X-Url"), r.getheader("Transfer-Encoding"),
                            r.getheader("Content-Length"), r.getheader("Connection"),
                            r.read(), r.will_close))
            return out
        finally:
            conn.close()

    out = serve(setup_counting(connections), client)
    assert out == [
        (200, "/a", None, "10", "keep-alive", b"payload /a", False),
        (200, "/chunked-b", "chunked", None, "keep-alive", b"payload /chunked-b", False),
        (200, "/c", None, "10", "keep-alive", b"payload /c", False),
    ]
    assert len(connections) == 1


def test_http_client_head_gets_headers_only_and_the_connection_goes_on():
    connections: list[Any] = []

    def handler(req, res):
        res.set_header("Content-Type", "text/plain")
        res.end("hello")

    def client(port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("HEAD", "/")
            head = conn.getresponse()
            head_result = (head.status, head.getheader("Content-Type"),
                           head.getheader("Content-Length"), head.read())
            conn.request("GET", "/")
            get = conn.getresponse()
            return head_result, (get.status, get.getheader("Content-Length"), get.read())
        finally:
            conn.close()

    head, get = serve(setup_counting(connections, handler), client)
    # Node sends no Content-Length for HEAD + end(data): the body length is unknown.
    assert head == (200, "text/plain", None, b"")
    assert get == (200, "5", b"hello")
    assert len(connections) == 1


def test_http_client_reads_a_close_delimited_http10_style_body():
    def handler(req, res):
        res.remove_header("Transfer-Encoding")
        res.write("part1,")
        res.end("part2")

    def client(port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/")
            r = conn.getresponse()
            return r.status, r.read(), r.will_close
        finally:
            conn.close()

    assert serve(lambda srv: srv.on("request", handler), client) == (200, b"part1,part2", True)


# -- requests ---------------------------------------------------------------------------


def test_requests_session_keeps_one_connection_alive():
    connections: list[Any] = []

    def client(port):
        with requests.Session() as s:
            return [(r.status_code, r.content, r.headers["Connection"])
                    for r in (s.get(f"http://127.0.0.1:{port}/{i}", timeout=5) for i in range(5))]

    assert serve(setup_counting(connections), client) == [(200, b"", "keep-alive")] * 5
    assert len(connections) == 1


def test_requests_chunked_upload_from_a_generator_is_received_whole():
    parts = [b"alpha-", b"", b"beta-" * 1000, b"gamma"]

    def client(port):
        r = requests.post(f"http://127.0.0.1:{port}/chunked-up", data=iter(parts), timeout=5)
        return r.status_code, r.headers["X-Request-TE"], r.headers["Transfer-Encoding"], r.content

    assert serve(lambda srv: srv.on("request", echo), client) == (
        200, "chunked", "chunked", b"".join(parts))


def test_requests_head_has_no_body():
    def handler(req, res):
        res.set_header("X-Kind", "head-test")
        res.write("a")
        res.end("b")

    def client(port):
        r = requests.head(f"http://127.0.0.1:{port}/", timeout=5)
        return r.status_code, r.headers.get("X-Kind"), r.headers.get("Transfer-Encoding"), \
            r.content

    assert serve(lambda srv: srv.on("request", handler), client) == (
        200, "head-test", None, b"")


# -- curl -------------------------------------------------------------------------------

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def curl(*args: str) -> tuple[bytes, list[str]]:
    """Run ``curl -s -v ARGS``: (stdout, the response header lines curl printed)."""
    proc = subprocess.run(["curl", "-s", "-v", "--max-time", "10", *args],
                          capture_output=True, timeout=20, check=False)
    assert proc.returncode == 0, proc.stderr.decode("latin-1")
    lines = [line[2:].rstrip("\r") for line in proc.stderr.decode("latin-1").splitlines()
             if line.startswith("< ")]
    return proc.stdout, lines


@needs_curl
def test_curl_data_binary_post_is_received_and_answered():
    payload = "binary\x01\x02 body"

    def client(port):
        return curl("--data-binary", payload, f"http://127.0.0.1:{port}/up")

    body, lines = serve(lambda srv: srv.on("request", echo), client)
    assert body == payload.encode()
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "X-Method: POST" in lines and "X-Url: /up" in lines
    assert f"Content-Length: {len(payload)}" in lines
    assert "Connection: keep-alive" in lines and "Keep-Alive: timeout=5" in lines


@needs_curl
def test_curl_chunked_response():
    def client(port):
        return curl("--data-binary", "abcdef", f"http://127.0.0.1:{port}/chunked")

    body, lines = serve(lambda srv: srv.on("request", echo), client)
    assert body == b"abcdef"
    assert "Transfer-Encoding: chunked" in lines


@needs_curl
def test_curl_expect_100_continue_gets_100_then_the_response():
    def client(port):
        return curl("-H", "Expect: 100-continue", "--data-binary", "abc",
                    f"http://127.0.0.1:{port}/x")

    body, lines = serve(lambda srv: srv.on("request", echo), client)
    assert body == b"abc"
    assert lines[0] == "HTTP/1.1 100 Continue"
    assert "HTTP/1.1 200 OK" in lines and "X-Request-Expect: 100-continue" in lines


@needs_curl
def test_curl_head_with_dash_i():
    def handler(req, res):
        res.set_header("Content-Type", "text/plain")
        res.end("hello")

    def client(port):
        return curl("-I", f"http://127.0.0.1:{port}/")

    out, lines = serve(lambda srv: srv.on("request", handler), client)
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "Content-Type: text/plain" in lines
    assert not any(line.lower().startswith("content-length") for line in lines)
    # -I prints the head on stdout, and nothing else: no body bytes were sent.
    assert out.startswith(b"HTTP/1.1 200 OK\r\n") and out.endswith(b"\r\n\r\n")
