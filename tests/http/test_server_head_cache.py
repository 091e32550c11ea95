"""The Runtime's cache of rendered response heads (``Runtime.head_cache``, filled
by ``OutgoingMessage._store_header``): a response whose head inputs repeat an
earlier one's takes that head, with the current Date; the bytes are those of a
fresh rendering in every case.

Each sequence of requests runs on one keep-alive connection twice: on the
server as is, and with a ``ServerResponse`` that never uses the cache (its
``_unique_headers`` is an empty set, which renders the same); the wires must
be equal.
"""

from __future__ import annotations

from typing import Any

import pytest

from nodekit import runtime
from nodekit.http import ServerResponse, _outgoing
from tests.support import connect, serve
from tests.wire import mask_date, read_message


class Uncached(ServerResponse):
    _unique_headers = frozenset()  # (the cache takes only responses without it)


def handler(req: Any, res: Any) -> None:
    """What each path asks for: the same head inputs recur across requests."""
    url = req.url
    if url.startswith("/hello"):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("Hello, World!")
    elif url.startswith("/length"):
        res.set_header("Content-Type", "text/plain")
        res.end("x" * int(url.rsplit("/", 1)[1]))
    elif url == "/close":
        res.set_header("Connection", "close")
        res.end("bye")
    elif url == "/date":
        res.write_head(200, {"Date": "Thu, 01 Jan 1970 00:00:00 GMT"})
        res.end("d")
    elif url == "/nodate":
        res.send_date = False
        res.end("n")
    elif url == "/204":
        res.write_head(204, {"X-A": "1"})
        res.end()
    elif url == "/reason":
        res.write_head(200, "Fine", {"X-A": "1"})
        res.end("r")
    elif url == "/removed":
        res.remove_header("Content-Length")
        res.end("chunked")
    elif url == "/te":
        res.write_head(200, {"Transfer-Encoding": "chunked"})
        res.end("t")
    elif url.startswith("/chunk/"):  # a chunked body of n bytes, framed by end()
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("y" * int(url.rsplit("/", 1)[1]))
    elif url.startswith("/changed/"):  # the same head but one header value
        res.set_header("X-V", url.rsplit("/", 1)[1])
        res.end("c")
    elif url.startswith("/state/"):  # the same headers, a state the head depends on
        flag = url.rsplit("/", 1)[1]
        if flag == "nochunk":
            res.use_chunked_encoding_by_default = False
        elif flag == "noalive":
            res.should_keep_alive = False
        res.write_head(200, {"X-S": "1"})
        res.end("s")
    elif url == "/int":
        res.write_head(200, {"Content-Length": 1})  # not a str: rendered, not cached
        res.end("i")
    else:
        res.write_head(404, [("X-List", "a"), ("X-List", "b")])  # pair list: not cached
        res.end()


def exchange(paths: list[str], method: str = "GET", **options: Any) -> list[bytes]:
    def client(port: int) -> list[bytes]:
        out = []
        with connect(port) as sock:
            rest = b""
            for path in paths:
                sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                msg, rest = read_message(sock, rest, head_only=method == "HEAD")
                out.append(mask_date(msg))
            assert rest == b""
        return out

    return serve(lambda srv: srv.on("request", handler), client, **options)


def both(paths: list[str], method: str = "GET", **options: Any) -> list[bytes]:
    cached = exchange(paths, method, **options)
    assert cached == exchange(paths, method, server_response=Uncached, **options)
    return cached


def test_repeated_heads_are_the_fresh_rendering():
    paths = ["/hello", "/hello", "/length/3", "/length/3", "/length/4", "/204", "/204",
             "/reason", "/reason", "/date", "/date", "/nodate", "/nodate", "/removed",
             "/removed", "/te", "/te", "/int", "/int", "/list", "/list", "/hello"]
    wires = both(paths)
    assert wires[0] == wires[1] == wires[-1] == (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: X\r\n"
        b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n"
        b"\r\nd\r\nHello, World!\r\n0\r\n\r\n")
    assert wires[3].endswith(b"Content-Length: 3\r\n\r\nxxx")
    assert wires[4].endswith(b"Content-Length: 4\r\n\r\nxxxx")
    assert wires[10].count(b"Date: ") == 1  # the user's (masked), not ours too
    assert b"Date" not in wires[12]


def test_head_requests_and_keep_alive_options_are_keys():
    assert both(["/hello", "/hello"], "HEAD")[1].endswith(b"Keep-Alive: timeout=5\r\n\r\n")
    wires = both(["/hello", "/hello"], keep_alive_timeout=7000, max_requests_per_socket=3)
    assert b"Keep-Alive: timeout=7, max=3\r\n" in wires[1]


def test_the_last_response_of_a_connection_says_close():
    wires = both(["/hello", "/hello", "/hello"], max_requests_per_socket=2)
    assert b"Connection: keep-alive" in wires[0]
    assert b"Connection: close" in wires[1]


def test_a_user_connection_close_closes():
    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(b"GET /close HTTP/1.1\r\nHost: x\r\n\r\n")
            msg, _ = read_message(sock)
            assert sock.recv(1) == b""
            return msg

    for _ in range(2):  # the second from the cache: the connection still closes
        assert b"Connection: close" in serve(lambda srv: srv.on("request", handler), client)


def test_a_cached_head_gets_the_current_date(monkeypatch):
    dates = iter(["Thu, 03 Dec 2026 07:00:00 GMT", "Thu, 03 Dec 2026 07:00:00 GMT",
                  "Thu, 03 Dec 2026 07:00:01 GMT"])
    monkeypatch.setattr(_outgoing, "utc_date", lambda cache: next(dates))

    def client(port: int) -> list[bytes]:
        with connect(port) as sock:
            out = []
            for _ in range(3):
                sock.sendall(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                out.append(read_message(sock)[0])
            return out

    wires = serve(lambda srv: srv.on("request", handler), client)
    assert [w.split(b"\r\n")[2] for w in wires] == [
        b"Date: Thu, 03 Dec 2026 07:00:00 GMT", b"Date: Thu, 03 Dec 2026 07:00:00 GMT",
        b"Date: Thu, 03 Dec 2026 07:00:01 GMT"]
    assert len({w.replace(w.split(b"\r\n")[2], b"") for w in wires}) == 1


def test_the_cache_is_the_runtimes_and_bounded():
    seen: list[Any] = []

    def on_request(req: Any, res: Any) -> None:
        seen.append(runtime.current().head_cache)
        res.write_head(200, {"X-N": req.url})
        res.end()

    def client(port: int) -> None:
        with connect(port) as sock:
            rest = b""
            for n in range(_outgoing._HEAD_CACHE_MAX + 5):
                sock.sendall(f"GET /{n} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                msg, rest = read_message(sock, rest)
                assert f"X-N: /{n}\r\n".encode() in msg

    serve(lambda srv: srv.on("request", on_request), client)
    cache = seen[0]
    assert all(c is cache for c in seen)
    assert 0 < len(cache) <= _outgoing._HEAD_CACHE_MAX


@pytest.mark.parametrize("value", ["a\r\nb", "\u0100"])
def test_an_invalid_header_raises_every_time(value):
    errors: list[str] = []

    def on_request(req: Any, res: Any) -> None:
        try:
            res.write_head(200, {"X-Bad": value})
        except Exception as exc:  # noqa: BLE001 - inspected below
            errors.append(type(exc).__name__)
        res.end()

    def client(port: int) -> None:
        with connect(port) as sock:
            rest = b""
            for _ in range(2):
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                _, rest = read_message(sock, rest)

    serve(lambda srv: srv.on("request", on_request), client)
    assert len(errors) == 2 and errors[0] == errors[1]


def test_a_changed_header_or_state_after_a_cached_head_is_rendered_anew():
    # A head in the cache is not taken for a response whose header value or
    # head-deciding state (here set after the same handler's earlier ones) differs.
    wires = both(["/changed/1", "/changed/1", "/changed/2", "/changed/1",
                  "/state/plain", "/state/plain", "/state/nochunk"])
    assert b"X-V: 1\r\n" in wires[1] and b"X-V: 2\r\n" in wires[2]
    assert b"X-V: 1\r\n" in wires[3] and b"X-V: 2" not in wires[3]
    assert wires[4] == wires[5] and b"Transfer-Encoding: chunked" in wires[5]
    # Node: no chunking by default and no length: the body ends with the
    # connection (the last request on it, then).
    assert b"Transfer-Encoding" not in wires[6] and b"Connection: close\r\n" in wires[6]


def test_a_keep_alive_change_after_a_cached_head_closes():
    def client(port: int) -> list[bytes]:
        out = []
        with connect(port) as sock:
            rest = b""
            for path in ("/state/plain", "/state/plain", "/state/noalive"):
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                msg, rest = read_message(sock, rest)
                out.append(msg)
            assert sock.recv(1) == b""  # the response said close, and it closed
        return out

    wires = serve(lambda srv: srv.on("request", handler), client)
    assert b"Connection: keep-alive" in wires[1]
    assert b"Connection: close\r\n" in wires[2]


@pytest.mark.parametrize("n", [0, 1, 15, 16, 1023, 1024, 4097])
def test_a_chunked_end_frames_every_size(n):
    # end(data) after write_head frames its one chunk itself: a small size line
    # from a table, a larger one formatted; the same bytes either way.
    wire = both([f"/chunk/{n}", f"/chunk/{n}"])[1]
    body = wire.split(b"\r\n\r\n", 1)[1]
    assert body == (b"%x\r\n%b\r\n0\r\n\r\n" % (n, b"y" * n) if n else b"0\r\n\r\n")
