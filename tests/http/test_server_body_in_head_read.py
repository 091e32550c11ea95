"""A request whose head and body arrive in one read (one ``sendall``).

The body is pushed before the handler attaches its ``'data'`` listener. Below
the high-water mark the push reports no back-pressure, so the transport is
never paused. At or above it, ``push`` reports back-pressure and reading stops
(Node's ``readStop``), and since the whole body is already in, no ``_read``
comes to restart it: Node's ``parserOnMessageComplete`` calls ``readStart``,
so the next request on the keep-alive connection is read (``node`` v20 answers
both requests of this test). Without that the connection hung.
"""

from __future__ import annotations

from typing import Any

import pytest

from nodekit import net
from tests.support import connect, read_response, serve


def _post(size: int, close: bool = False) -> bytes:
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n" % size
    return head + (b"Connection: close\r\n" if close else b"") + b"\r\n" + b"b" * size


def _count_pauses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    pause, resume = net.Socket._pause_reading, net.Socket._resume_reading

    def counted_pause(self: Any) -> None:
        calls.append("pause")
        pause(self)

    def counted_resume(self: Any) -> None:
        calls.append("resume")
        resume(self)

    monkeypatch.setattr(net.Socket, "_pause_reading", counted_pause)
    monkeypatch.setattr(net.Socket, "_resume_reading", counted_resume)
    return calls


def _setup(srv: Any) -> None:
    def on_request(req: Any, res: Any) -> None:
        chunks: list[bytes] = []
        req.on("data", lambda chunk: chunks.append(bytes(chunk)))
        req.on("end", lambda: res.end(b"%d:%s" % (len(b"".join(chunks)),
                                                   b"".join(chunks)[:4])))
    srv.on("request", on_request)


def _exchange(sizes: list[int]) -> list[bytes]:
    def client(port: int) -> list[bytes]:
        with connect(port, timeout=5) as sock:
            bodies = []
            for i, size in enumerate(sizes):
                sock.sendall(_post(size, close=i == len(sizes) - 1))
                bodies.append(read_response(sock)[1])
            return bodies

    return serve(_setup, client)


@pytest.mark.parametrize("size", [1, 1000, 16383])
def test_body_below_the_high_water_mark_never_pauses_reading(
        size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_pauses(monkeypatch)
    assert _exchange([size, size]) == [b"%d:bbbb" % size if size >= 4 else
                                       b"%d:%s" % (size, b"b" * size)] * 2
    assert "pause" not in calls


@pytest.mark.parametrize("size", [16384, 20000, 70000])
def test_body_at_the_high_water_mark_resumes_for_the_next_request(
        size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_pauses(monkeypatch)
    assert _exchange([size, 5, size]) == [b"%d:bbbb" % size, b"5:bbbb", b"%d:bbbb" % size]
    # Each pause is undone; the last request closes the connection.
    assert calls.count("pause") <= calls.count("resume")
