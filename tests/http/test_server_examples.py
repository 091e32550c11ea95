"""The server examples, run as programs (``python -m nodekit examples/X.py PORT``)
and driven by raw sockets: the upgrade echo server, the CONNECT tunnelling
proxy (to a tiny plain-Python origin) and the streaming upload sink.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import http.server
import json
import os
import pathlib
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

REPO = pathlib.Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def example(name: str) -> Iterator[int]:
    """Run ``examples/<name>`` on a free port until the block ends -> the port."""
    with example_process(name) as (port, _proc):
        yield port


@contextlib.contextmanager
def example_process(name: str) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """Run ``examples/<name>`` on a free port until the block ends, once it
    said it listens there -> (the port, the process); killed at the end."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nodekit", f"examples/{name}", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        line = b""
        while b"listening" not in line:
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, f"{name} did not start listening"
            if select.select([proc.stdout], [], [], 0.1)[0]:
                line = proc.stdout.readline()  # type: ignore[union-attr]
        assert f":{port}".encode() in line
        yield port, proc
    finally:
        proc.kill()
        proc.wait(5)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_exactly(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        assert chunk, f"closed after {buf!r}"
        buf += chunk
    return buf


def read_head(sock: socket.socket) -> bytes:
    buf = b""
    while not buf.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)  # byte by byte: what follows the head stays in the socket
        assert chunk, f"closed after {buf!r}"
        buf += chunk
    return buf


def response(sock: socket.socket) -> tuple[int, bytes]:
    res = http.client.HTTPResponse(sock)
    res.begin()
    return res.status, res.read()


# -- upgrade_server.py ----------------------------------------------------------------------

UPGRADE = (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
           b"Upgrade: websocket\r\n\r\n")
HANDSHAKE = (b"HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: WebSocket\r\n"
             b"Connection: Upgrade\r\n\r\n")


def test_upgrade_server_echoes_the_upgraded_stream():
    with example("upgrade_server.py") as port, connect(port) as sock:
        sock.sendall(UPGRADE)
        assert read_head(sock) == HANDSHAKE
        for msg in (b"ping", b"\x00\x01binary\xff", b"y" * 200000):
            sock.sendall(msg)
            assert read_exactly(sock, len(msg)) == msg


def test_upgrade_server_echoes_bytes_sent_with_the_upgrade_request():
    with example("upgrade_server.py") as port, connect(port) as sock:
        sock.sendall(UPGRADE + b"early bytes")
        assert read_head(sock) == HANDSHAKE
        assert read_exactly(sock, len(b"early bytes")) == b"early bytes"


def test_upgrade_server_answers_plain_requests():
    with example("upgrade_server.py") as port, connect(port) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert response(sock) == (200, b"okay")


# -- connect_proxy.py -------------------------------------------------------------------------


class _Origin(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b"origin saw " + self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def origin() -> Iterator[int]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Origin)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


ESTABLISHED = b"HTTP/1.1 200 Connection Established\r\nProxy-agent: NodeKit-Proxy\r\n\r\n"


def test_connect_proxy_tunnels_a_get_to_the_origin():
    with origin() as oport, example("connect_proxy.py") as port, connect(port) as sock:
        sock.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
                     % (oport, oport))
        assert read_head(sock) == ESTABLISHED
        sock.sendall(b"GET /through HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert response(sock) == (200, b"origin saw /through")


def test_connect_proxy_forwards_bytes_sent_with_the_connect_request():
    with origin() as oport, example("connect_proxy.py") as port, connect(port) as sock:
        sock.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
                     b"GET /early HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                     % (oport, oport))
        assert read_head(sock) == ESTABLISHED
        assert response(sock) == (200, b"origin saw /early")


def test_connect_proxy_closes_the_tunnel_when_the_origin_is_unreachable():
    dead = free_port()
    with example("connect_proxy.py") as port, connect(port) as sock:
        sock.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n"
                     % (dead, dead))
        try:
            assert sock.recv(100) == b""
        except ConnectionResetError:
            pass


def test_connect_proxy_answers_plain_requests():
    with example("connect_proxy.py") as port, connect(port) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert response(sock) == (200, b"okay")


# -- upload_server.py ---------------------------------------------------------------------------


def _upload(port: int, body: bytes, chunked: bool) -> dict[str, object]:
    with connect(port) as sock:
        if chunked:
            sock.sendall(b"POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            for i in range(0, len(body), 10000):
                part = body[i:i + 10000]
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            sock.sendall(b"0\r\n\r\n")
        else:
            sock.sendall(b"POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n"
                         % len(body) + body)
        status, data = response(sock)
        assert status == 200
        return json.loads(data)


def test_upload_server_reports_size_and_sha256_of_a_content_length_body():
    body = os.urandom(3 * 1024 * 1024 + 5)
    with example("upload_server.py") as port:
        assert _upload(port, body, chunked=False) == {
            "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def test_upload_server_reports_size_and_sha256_of_a_chunked_body():
    body = os.urandom(1024 * 1024 + 3)
    with example("upload_server.py") as port:
        assert _upload(port, body, chunked=True) == {
            "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def test_upload_server_handles_an_empty_body():
    with example("upload_server.py") as port:
        assert _upload(port, b"", chunked=False) == {
            "bytes": 0, "sha256": hashlib.sha256(b"").hexdigest()}
