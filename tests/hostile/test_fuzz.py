"""Fuzzing a live NodeKit server with hypothesis.

Valid requests are mutated (byte flips, inserted CR / LF / NUL / SP / HTAB, a
duplicated line, deletions, truncation) and sent cut into random-sized sends,
then the client half-closes. Whatever the bytes: no exception reaches the
loop (``process.on('uncaughtException')`` recorder, and ``run()`` must not
raise), every connection is answered or closed (never left hanging), what the
server sends back always parses as HTTP/1.1 responses with sensible statuses,
and the server still serves a normal request at the end.

``max_examples`` is 60 in CI (derandomized, so a failure reproduces);
``NODEKIT_FUZZ_EXAMPLES=5000`` runs more, with fresh randomness each run.
"""

from __future__ import annotations

import os
import socket
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import connect, serve

from .harness import Recorder, parse_responses, read_to_end, still_serving, uncaught
from .vectors import req

EXAMPLES = int(os.environ.get("NODEKIT_FUZZ_EXAMPLES", "60"))
RANDOM = "NODEKIT_FUZZ_EXAMPLES" in os.environ

BASES = [
    req(b"GET /a?b=c HTTP/1.1", b"Host: x", b"Accept: */*"),
    req(b"POST /p HTTP/1.1", b"Host: x", b"Content-Length: 5", body=b"hello"),
    req(b"POST /c HTTP/1.1", b"Host: x", b"Transfer-Encoding: chunked",
        body=b"5;e=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"),
    req(b"GET /1 HTTP/1.1", b"Host: x") + req(b"GET /2 HTTP/1.1", b"Host: x",
                                               b"Connection: close"),
    req(b"PUT /e HTTP/1.1", b"Host: x", b"Expect: 100-continue", b"Content-Length: 3",
        body=b"abc"),
    req(b"GET /o HTTP/1.0", b"Connection: keep-alive") + req(b"GET /o2 HTTP/1.0"),
    req(b"GET /u HTTP/1.1", b"Host: x", b"Connection: upgrade", b"Upgrade: websocket"),
    req(b"OPTIONS * HTTP/1.1", b"Host: x", b"Content-Length: 0"),
]
INSERTS = [b"\r", b"\n", b"\x00", b" ", b"\t", b"\r\n", b":", b"0", b",", b"\x0b", b"\xff"]
ALLOWED_STATUSES = {100, 200, 400, 404, 408, 413, 417, 431, 501, 505}

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 16), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 16), st.sampled_from(INSERTS)),
    st.tuples(st.just("duplicate_line"), st.integers(0, 1 << 16), st.just(0)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 16), st.integers(1, 8)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 16), st.just(0)),
)


def mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    buf = bytearray(data)
    for kind, where, arg in mutations:
        if not buf:
            break
        i = where % len(buf)
        if kind == "flip":
            buf[i] ^= arg  # type: ignore[operator]
        elif kind == "insert":
            buf[i:i] = arg  # type: ignore[assignment]
        elif kind == "duplicate_line":
            lines = bytes(buf).split(b"\r\n")
            j = where % len(lines)
            lines.insert(j, lines[j])
            buf = bytearray(b"\r\n".join(lines))
        elif kind == "delete":
            del buf[i:i + arg]  # type: ignore[operator]
        elif kind == "truncate":
            del buf[i:]
    return bytes(buf)


def cut(data: bytes, sizes: list[int]) -> list[bytes]:
    pieces, i = [], 0
    for size in sizes:
        if i >= len(data):
            break
        pieces.append(data[i:i + size])
        i += size
    if i < len(data):
        pieces.append(data[i:])
    return pieces


def test_fuzz_live_server():
    recorder = Recorder()
    checked = {"n": 0}

    def setup(srv):
        recorder.install(srv)

    def client(port):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
                  suppress_health_check=list(HealthCheck), print_blob=True)
        @given(base=st.sampled_from(BASES), mutations=st.lists(mutation, max_size=4),
               sizes=st.lists(st.integers(1, 64), max_size=8))
        def one(base, mutations, sizes):
            data = mutate(base, mutations)
            with connect(port, timeout=3.0) as sock:
                try:
                    for piece in cut(data, sizes):
                        sock.sendall(piece)
                        time.sleep(0.0005)
                    sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass  # the server answered and closed early
                answer, ended = read_to_end(sock)
            assert ended in ("eof", "reset"), f"connection left open for {data!r}"
            responses, leftover = parse_responses(answer)
            assert leftover == b"", f"unparsable answer {answer[:200]!r} to {data!r}"
            for response in responses:
                assert response.status in ALLOWED_STATUSES, (response.status, data)
            assert errors == [], f"exception escaped to the loop on {data!r}: {errors!r}"
            checked["n"] += 1

        one()
        return still_serving(port)

    with uncaught() as errors:
        next_status = serve(setup, client, timeout=60 + EXAMPLES * 2)
    assert errors == []
    assert checked["n"] >= min(EXAMPLES, 20)
    assert next_status == 200
