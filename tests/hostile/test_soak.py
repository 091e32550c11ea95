"""A bounded soak: several client threads hammer one NodeKit server with a mix of
keep-alive sessions, pipelined batches, chunked uploads, chunked downloads,
requests aborted mid-body (RST), responses aborted mid-body (RST), idle
connections the client closes, and garbage. Then nothing may be left behind:
no live connection, open file descriptors (``/proc/self/fd``; the server runs
in this process) back to where they started, RSS back near its start.

A few seconds by default; ``NODEKIT_SOAK_SECONDS=300`` soaks for five minutes.
The soak runs once (module fixture); the tests assert on what it measured.
"""

from __future__ import annotations

import os
import random
import threading
import time
from typing import Any

import pytest

from nodekit import runtime, set_timeout
from tests.support import connect, serve, wait_for

from .harness import fd_count, parse_responses, read_to_end, reset, rss_bytes, uncaught

SECONDS = float(os.environ.get("NODEKIT_SOAK_SECONDS", "3"))
THREADS = 4
BIG = 256 * 1024


def handler(req: Any, res: Any) -> None:
    size = {"n": 0}
    req.on("data", lambda d: size.__setitem__("n", size["n"] + len(d)))

    def end() -> None:
        url = req.url
        if url.startswith("/chunked"):
            for _ in range(8):
                res.write(b"c" * 1000)
            res.end()
        elif url.startswith("/big"):
            res.set_header("Content-Length", BIG)
            res.end(b"b" * BIG)
        elif url.startswith("/later"):
            set_timeout(lambda: None if res.destroyed else res.end(b"later"), 5)
        else:
            res.end(f"{req.method} {url} {size['n']}".encode())

    req.on("end", end)


def body_of(resp) -> bytes:
    return resp.body


# -- client workloads (each returns how many answers it checked) -----------------------
def keep_alive_session(port: int, rng: random.Random) -> int:
    n = rng.randint(2, 6)
    with connect(port) as sock:
        for i in range(n):
            path = rng.choice([b"/ka", b"/chunked", b"/later"])
            sock.sendall(b"GET %s/%d HTTP/1.1\r\nHost: x\r\n\r\n" % (path, i))
            data = b""
            while True:
                chunk = sock.recv(65536)
                assert chunk, "server closed a keep-alive session"
                data += chunk
                responses, rest = parse_responses(data)
                if responses and not rest:
                    break
            assert [r.status for r in responses] == [200]
    return n  # the client closes first


def pipelined_batch(port: int, rng: random.Random) -> int:
    n = rng.randint(2, 12)
    reqs = b"".join(b"GET /p/%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(n - 1))
    reqs += b"GET /p/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with connect(port) as sock:
        sock.sendall(reqs)
        data, ended = read_to_end(sock)
    responses, rest = parse_responses(data)
    assert ended == "eof" and rest == b""
    assert [r.body for r in responses] == [b"GET /p/%d 0" % i for i in range(n - 1)] + [
        b"GET /p/last 0"]
    return n


def chunked_upload(port: int, rng: random.Random) -> int:
    sizes = [rng.randint(1, 5000) for _ in range(rng.randint(1, 6))]
    body = b"".join(b"%x\r\n%s\r\n" % (s, b"u" * s) for s in sizes) + b"0\r\n\r\n"
    with connect(port) as sock:
        sock.sendall(b"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Connection: close\r\n\r\n" + body)
        data, _ = read_to_end(sock)
    responses, _ = parse_responses(data)
    assert [r.body for r in responses] == [b"POST /up %d" % sum(sizes)]
    return 1


def aborted_upload(port: int, rng: random.Random) -> int:
    sock = connect(port)
    sock.sendall(b"POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
                 + b"a" * rng.randint(0, 20000))
    reset(sock)
    return 0


def aborted_download(port: int, rng: random.Random) -> int:
    sock = connect(port)
    sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
    got, want = 0, rng.randint(1, BIG // 2)
    while got < want:
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += len(chunk)
    reset(sock)
    return 0


def idle_then_close(port: int, rng: random.Random) -> int:
    with connect(port) as sock:
        sock.sendall(b"GET /idle HTTP/1.1\r\nHost: x\r\n")  # never finished
        time.sleep(rng.random() * 0.01)
    return 0


def garbage(port: int, rng: random.Random) -> int:
    with connect(port) as sock:
        sock.sendall(bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))) + b"\r\n\r\n")
        data, _ = read_to_end(sock)
    responses, _ = parse_responses(data)
    assert [r.status for r in responses] in ([], [400])
    return 0


WORKLOADS = [keep_alive_session, pipelined_batch, chunked_upload, aborted_upload,
             aborted_download, idle_then_close, garbage]


def soak(port: int, seconds: float, seed: int) -> dict[str, int]:
    counts: dict[str, int] = {w.__name__: 0 for w in WORKLOADS}
    answered = {"n": 0}
    failures: list[BaseException] = []
    deadline = time.monotonic() + seconds

    def worker(k: int) -> None:
        rng = random.Random(seed * 100 + k)
        try:
            while time.monotonic() < deadline:
                work = rng.choice(WORKLOADS)
                answered["n"] += work(port, rng)
                counts[work.__name__] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    if failures:
        raise failures[0]
    return {**counts, "answered": answered["n"]}


@pytest.fixture(scope="module")
def soaked() -> dict[str, Any]:
    out: dict[str, Any] = {}
    state: dict[str, Any] = {}

    def setup(srv):
        state["srv"] = srv
        srv.on("request", handler)

    def client(port):
        srv = state["srv"]
        out["fds_before"] = fd_count()  # listening, no connection yet
        soak(port, min(0.5, SECONDS), seed=1)  # warm-up: first-use allocations, caches
        out["rss_before"] = rss_bytes()
        out["counts"] = soak(port, SECONDS, seed=2)
        out["drained"] = wait_for(lambda: not srv._connections and not srv._live, timeout=3)
        out["live_after"] = len(srv._connections)
        out["fds_after"], out["rss_after"] = fd_count(), rss_bytes()

    runtime.reset()
    with uncaught() as errors:
        serve(setup, client, timeout=SECONDS * 2 + 60)
    out["uncaught"] = list(errors)
    runtime.reset()
    return out


def test_soak_every_answer_right_and_nothing_escaped(soaked):
    assert soaked["uncaught"] == []
    counts = soaked["counts"]
    assert all(counts[w.__name__] > 0 for w in WORKLOADS), counts
    assert counts["answered"] > 0


def test_soak_rss_back_near_start(soaked):
    growth = soaked["rss_after"] - soaked["rss_before"]
    assert growth < 48 << 20, f"RSS grew by {growth >> 20} MiB"


def test_soak_leaves_no_connection_and_no_descriptor(soaked):
    assert soaked["drained"], f"{soaked['live_after']} connections still open on the server"
    assert soaked["fds_after"] <= soaked["fds_before"] + 2, (
        f"fds {soaked['fds_before']} -> {soaked['fds_after']}")
