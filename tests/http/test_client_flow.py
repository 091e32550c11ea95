"""Request bodies under back-pressure: write() returning False, 'drain', and
piping a Readable into a request."""

from __future__ import annotations

import hashlib
import threading

from conftest import run
from test_client_support import (
    IO_TIMEOUT,
    OK,
    Body,
    RawServer,
    get_with,
    nodekit_server,
    request_resumed,
)

from nodekit import http
from nodekit.stream import Readable

CHUNK = b"z" * 65536


def read_chunked(conn) -> bytes:
    body = b""
    while True:
        size = int(conn.read_until(b"\r\n").strip(), 16)
        if size == 0:
            conn.read_until(b"\r\n")
            return body
        body += conn.read_exact(size)
        conn.read_exact(2)


def test_write_returns_false_when_the_socket_backs_up_and_drain_follows(must_call):
    start = threading.Event()
    totals: list[int] = []
    written = []

    def handler(conn):
        conn.read_head()
        start.wait(IO_TIMEOUT)
        totals.append(len(read_chunked(conn)))
        conn.send(OK)

    with RawServer(handler) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")

            def fill():
                while req.write(CHUNK):
                    written.append(len(CHUNK))
                    assert len(written) < 4096, "write() never reported back-pressure"
                written.append(len(CHUNK))
                assert req.writable_need_drain
                start.set()  # now let the server read

            req.on("socket", lambda s: s.once("connect", fill))
            req.once("drain", must_call(lambda: req.end()))

        run(main, timeout=20)
    assert totals == [sum(written)]


def test_writes_made_before_the_socket_exists_report_back_pressure_then_drain(must_call):
    totals: list[int] = []

    def handler(conn):
        conn.read_head()
        totals.append(len(read_chunked(conn)))
        conn.send(OK)

    with RawServer(handler) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")
            oks = [req.write(CHUNK) for _ in range(4)]
            assert oks[-1] is False  # buffered past the high-water mark, no socket yet
            req.once("drain", must_call(lambda: req.end()))

        run(main, timeout=20)
    assert totals == [4 * len(CHUNK)]


def test_a_readable_piped_into_a_request_streams_with_back_pressure(must_call):
    total = 8 << 20
    digest = hashlib.sha256()
    sent = {"n": 0}

    def produce(readable, size):
        if sent["n"] >= total:
            readable.push(None)
            return
        chunk = bytes([sent["n"] // 65536 % 256]) * 65536
        digest.update(chunk)
        sent["n"] += len(chunk)
        readable.push(chunk)

    result = []

    def handler(req, res):
        h = hashlib.sha256()
        size = {"n": 0}

        def on_data(chunk):
            h.update(chunk)
            size["n"] += len(chunk)

        req.on("data", on_data)
        req.on("end", lambda: res.end(f"{size['n']} {h.hexdigest()}"))

    def client(srv, port):
        source = Readable(read=lambda size: produce(source, size))
        req = http.request(get_with(port, method="PUT"),
                           must_call(lambda res: Body(res, lambda b: (result.append(b.data),
                                                                      srv.close()))))
        source.pipe(req)

    nodekit_server(handler, client, timeout=30)
    assert result == [f"{total} {digest.hexdigest()}".encode()]


def test_uploading_a_large_body_with_content_length(must_call):
    body = bytes(range(256)) * 8192  # 2 MiB
    result = []

    def handler(req, res):
        Body(req, lambda b: res.end(hashlib.sha256(b.data).hexdigest()))

    def client(srv, port):
        req = http.request(get_with(port, method="POST",
                                    headers={"Content-Length": len(body)}),
                           must_call(lambda res: Body(res, lambda b: (result.append(b.data),
                                                                      srv.close()))))
        req.end(body)

    nodekit_server(handler, client, timeout=20)
    assert result == [hashlib.sha256(body).hexdigest().encode()]
