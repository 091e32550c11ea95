"""Memory stays flat under a large upload: 256 MB through ``examples/upload_server.py``.

The server runs as its own process (``python -m nodekit examples/upload_server.py
PORT``) so that its peak resident size (``VmHWM`` in ``/proc/PID/status``) is
its own. A client thread streams 256 MB in 64 KiB blocks, with Content-Length
and chunked; the answer must carry the right size and SHA-256, and the
server's peak RSS must grow less than 100 MB over its idle baseline -- the
body is streamed and back-pressured, never buffered.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from test_server_examples import example_process

MB = 1024 * 1024
BLOCK = 64 * 1024
TOTAL = 256 * MB
MAX_GROWTH = 100 * MB

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/status"),
                                reason="needs /proc/PID/status (Linux)")


def peak_rss(pid: int) -> int:
    """``VmHWM``: the process's peak resident set size, in bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@contextlib.contextmanager
def upload_server() -> Iterator[tuple[int, int]]:
    """Run the example on a free port -> (port, pid); killed when the block ends."""
    with example_process("upload_server.py") as (port, proc):
        yield port, proc.pid


def stream_upload(port: int, chunked: bool) -> dict[str, Any]:
    """Send TOTAL bytes in BLOCK-sized writes from a client thread -> the JSON answer."""
    block = os.urandom(BLOCK)
    result: dict[str, Any] = {}

    def client() -> None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                if chunked:
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n")
                    frame = b"%x\r\n%s\r\n" % (BLOCK, block)
                    for _ in range(TOTAL // BLOCK):
                        sock.sendall(frame)
                    sock.sendall(b"0\r\n\r\n")
                else:
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Content-Length: %d\r\n\r\n" % TOTAL)
                    for _ in range(TOTAL // BLOCK):
                        sock.sendall(block)
                res = http.client.HTTPResponse(sock)
                res.begin()
                result["status"] = res.status
                result["answer"] = json.loads(res.read())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test
            result["error"] = exc

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the upload did not finish"
    if "error" in result:
        raise result["error"]
    assert result["status"] == 200
    digest = hashlib.sha256()
    for _ in range(TOTAL // BLOCK):
        digest.update(block)
    result["expected"] = {"bytes": TOTAL, "sha256": digest.hexdigest()}
    return result


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_256_mb_upload_keeps_server_memory_flat(chunked):
    with upload_server() as (port, pid):
        baseline = peak_rss(pid)
        result = stream_upload(port, chunked)
        growth = peak_rss(pid) - baseline
    assert result["answer"] == result["expected"]
    assert growth < MAX_GROWTH, f"server peak RSS grew by {growth / MB:.1f} MB"
