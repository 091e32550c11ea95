"""``http.IncomingMessage`` on the server: method, url, version, headers and their
merging, raw headers, trailers, the streamed body and back-pressure, ``'close'``,
``'aborted'``, ``destroy()`` and ``async for``.

Requests are sent byte for byte from raw sockets; what Node v20.20 exposed for
the same bytes is hard-coded (``headers`` merging follows API.md §6, which
keeps the seed's list for ``cookie``).
"""

from __future__ import annotations

import hashlib
import os
import select
import threading
from typing import Any

from nodekit import http
from tests.support import Loop, connect, read_all, read_response, serve

MIB = 1024 * 1024


def capture(request: bytes, fields: Any) -> Any:
    """Send ``request``; return ``fields(req)`` as seen by the 'request' listener."""
    seen: list[Any] = []

    def handler(req, res):
        seen.append(fields(req))
        req.resume()
        req.on("end", lambda: res.end("ok"))

    def client(port):
        with connect(port) as sock:
            sock.sendall(request)
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client) == b"ok"
    return seen[0]


def chunked(body: bytes, size: int) -> bytes:
    out = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
           for i in range(0, len(body), size)]
    return b"".join(out) + b"0\r\n\r\n"


# -- request line -------------------------------------------------------------------------


def test_method_and_url_keep_the_path_and_query_as_sent():
    got = capture(b"DELETE /status?name=ryan&x=%20y#frag HTTP/1.1\r\nHost: a\r\n\r\n",
                  lambda req: (req.method, req.url))
    assert got == ("DELETE", "/status?name=ryan&x=%20y#frag")


def test_http_1_1_version_fields():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                  lambda req: (req.http_version, req.http_version_major, req.http_version_minor))
    assert got == ("1.1", 1, 1)


def test_http_1_0_version_fields():
    got = capture(b"GET / HTTP/1.0\r\n\r\n",
                  lambda req: (req.http_version, req.http_version_major, req.http_version_minor))
    assert got == ("1.0", 1, 0)


# -- headers --------------------------------------------------------------------------------


def test_header_keys_are_lower_cased_and_values_kept_as_received():
    got = capture(b"GET / HTTP/1.1\r\nHost: mysite.com\r\nContent-TYPE: Text/Plain\r\n"
                  b"X-Odd:   spaced value\r\n\r\n", lambda req: req.headers)
    assert got == {"host": "mysite.com", "content-type": "Text/Plain", "x-odd": "spaced value"}


def test_set_cookie_and_cookie_duplicates_are_lists():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\nSet-Cookie: a=1\r\nCookie: c=1\r\n"
                  b"set-cookie: b=2\r\nCOOKIE: d=2\r\n\r\n", lambda req: req.headers)
    assert got["set-cookie"] == ["a=1", "b=2"]
    assert got["cookie"] == ["c=1", "d=2"]


def test_single_cookie_is_still_a_list():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\nCookie: c=1\r\n\r\n", lambda req: req.headers)
    assert got["cookie"] == ["c=1"]


def test_single_valued_duplicates_keep_the_first_value():
    names = ["Content-Type", "User-Agent", "Referer", "Authorization", "From", "Location",
             "Max-Forwards", "If-Modified-Since", "ETag", "Server", "Age", "Expires"]
    # (A second Host line is a 400 -- RFC 9112 §3.2 -- so Host appears once here.)
    request = b"GET / HTTP/1.1\r\nHost: first\r\n" + b"".join(
        b"%s: one\r\n%s: two\r\n" % (n.encode(), n.encode()) for n in names) + b"\r\n"
    got = capture(request, lambda req: req.headers)
    assert got["host"] == "first"
    for name in names:
        assert got[name.lower()] == "one", name


def test_other_duplicates_are_joined_with_comma_space():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\nX-Tag: 1\r\n"
                  b"accept: */*\r\nx-tag: 2\r\nX-TAG: 3\r\n\r\n", lambda req: req.headers)
    assert got["accept"] == "text/html, */*"
    assert got["x-tag"] == "1, 2, 3"


def test_raw_headers_are_exactly_as_received():
    # The seed's example: names keep their case, duplicates stay, order is the wire's.
    got = capture(b"GET / HTTP/1.1\r\nuser-agent: this is invalid because there can be only one"
                  b"\r\nUser-Agent: curl/7.22.0\r\ncontent-type: text/plain\r\n"
                  b"CONNECTION: keep-alive\r\nHost: mysite.com\r\naccepT: */*\r\n\r\n",
                  lambda req: req.raw_headers)
    assert got == ["user-agent", "this is invalid because there can be only one",
                   "User-Agent", "curl/7.22.0", "content-type", "text/plain",
                   "CONNECTION", "keep-alive", "Host", "mysite.com", "accepT", "*/*"]


def test_header_values_are_decoded_latin1():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\nX-Bytes: caf\xe9 \xff\r\n\r\n",
                  lambda req: (req.headers["x-bytes"], req.raw_headers[3]))
    assert got == ("caf\xe9 \xff", "caf\xe9 \xff")


# -- trailers -------------------------------------------------------------------------------


def _trailer_capture(body: bytes) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def handler(req, res):
        seen["at_request"] = (dict(req.trailers), list(req.raw_trailers))
        parts: list[bytes] = []
        req.on("data", lambda d: parts.append(bytes(d)))

        def on_end():
            seen["at_end"] = (req.trailers, req.raw_trailers, b"".join(parts))
            res.end("ok")

        req.on("end", on_end)

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                         b"Trailer: X-Sum, Set-Cookie\r\n\r\n" + body)
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client) == b"ok"
    return seen


def test_trailers_are_populated_at_end_not_before():
    seen = _trailer_capture(b"5\r\nhello\r\n0\r\nX-Sum: 42\r\nSet-Cookie: a=1\r\n"
                            b"x-sum: 43\r\n\r\n")
    assert seen["at_request"] == ({}, [])
    trailers, raw_trailers, body = seen["at_end"]
    assert body == b"hello"
    assert trailers == {"x-sum": "42, 43", "set-cookie": ["a=1"]}
    assert raw_trailers == ["X-Sum", "42", "Set-Cookie", "a=1", "x-sum", "43"]


def test_trailers_after_an_empty_chunked_body():
    # Node fills trailers for "0\r\nT: v\r\n\r\n" as well; they are not headers.
    seen: dict[str, Any] = {}

    def handler(req, res):
        req.resume()
        req.on("end", lambda: (seen.update(trailers=req.trailers, raw=list(req.raw_headers)),
                               res.end("ok")))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"0\r\nT: v\r\n\r\n")
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client) == b"ok"
    assert seen["trailers"] == {"t": "v"}
    assert seen["raw"] == ["Host", "a", "Transfer-Encoding", "chunked"]


# -- body -----------------------------------------------------------------------------------


def _hash_upload(request_head: bytes, wire_body: bytes) -> tuple[int, str, int]:
    stats: dict[str, Any] = {}

    def handler(req, res):
        digest = hashlib.sha256()
        counts = {"bytes": 0, "chunks": 0}

        def on_data(chunk):
            counts["bytes"] += len(chunk)
            counts["chunks"] += 1
            digest.update(chunk)

        def on_end():
            stats.update(counts, sha=digest.hexdigest())
            res.end("done")

        req.on("data", on_data)
        req.on("end", on_end)

    def client(port):
        with connect(port, timeout=20) as sock:
            sock.sendall(request_head + wire_body)
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client, timeout=60) == b"done"
    return stats["bytes"], stats["sha"], stats["chunks"]


def test_five_mb_chunked_upload_arrives_intact_in_many_chunks():
    body = os.urandom(5 * MIB)
    size, sha, chunks = _hash_upload(
        b"POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        chunked(body, 65536 + 7))
    assert (size, sha) == (len(body), hashlib.sha256(body).hexdigest())
    assert chunks > 1  # streamed, never buffered whole


def test_five_mb_content_length_upload_arrives_intact_in_many_chunks():
    body = os.urandom(5 * MIB)
    size, sha, chunks = _hash_upload(
        b"POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body), body)
    assert (size, sha) == (len(body), hashlib.sha256(body).hexdigest())
    assert chunks > 1


def test_async_for_over_the_request_yields_the_body():
    async def handler(req, res):
        parts = [bytes(chunk) async for chunk in req]
        res.end(b"%d:" % len(parts) + b"".join(parts))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"3\r\nabc\r\n")
            sock.sendall(b"3\r\ndef\r\n0\r\n\r\n")
            return read_response(sock)[1]

    body = serve(lambda srv: srv.on("request", handler), client)
    assert body.split(b":", 1)[1] == b"abcdef"


def test_complete_is_true_once_the_whole_body_arrived():
    states: list[bool] = []

    def handler(req, res):
        states.append(req.complete)
        req.resume()
        req.on("end", lambda: (states.append(req.complete), res.end()))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")
            sock.sendall(b"abc")
            read_response(sock)

    serve(lambda srv: srv.on("request", handler), client)
    assert states == [False, True]


# -- back-pressure ----------------------------------------------------------------------------


def test_paused_request_stops_the_server_reading_then_all_bytes_arrive():
    total = 20 * MIB
    loop = Loop()
    held: list[Any] = []
    got = {"bytes": 0}

    def handler(req, res):
        held.append(req)  # never read yet: the request stays paused

        def on_end():
            res.end(b"%d" % got["bytes"])

        req.on("end", on_end)

    def setup(srv):
        loop.bind()
        srv.on("request", handler)

    def state():
        req = held[0]
        return req.readable_length, req.socket.bytes_read

    def resume():
        def on_data(chunk):
            got["bytes"] += len(chunk)
        held[0].on("data", on_data)

    def client(port):
        block = b"z" * 65536
        with connect(port, timeout=30) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % total)
            sock.setblocking(False)
            sent = 0
            stalled = None
            view = memoryview(block)
            while sent < total:
                if not select.select([], [sock], [], 1.0)[1]:
                    stalled = (sent, loop.call(state))  # the server stopped reading
                    break
                try:
                    sent += sock.send(view[:min(len(block), total - sent)])
                except BlockingIOError:
                    pass
            sock.setblocking(True)
            if stalled is not None:
                loop.call(resume)
            while sent < total:
                sent += sock.send(view[:min(len(block), total - sent)])
            return stalled, read_response(sock)[1]

    stalled, answer = serve(setup, client, timeout=60)
    assert stalled is not None, "the client sent 20 MB to a request nobody read"
    sent_then, (buffered, bytes_read) = stalled
    assert buffered < 256 * 1024  # a few high-water marks at most, not the upload
    assert bytes_read < total
    assert answer == b"%d" % total


# -- 'close', 'aborted', destroy() ---------------------------------------------------------


def test_close_is_emitted_for_each_request_of_a_keep_alive_connection():
    closes: list[str] = []

    def handler(req, res):
        req.on("close", lambda: closes.append(req.url))
        res.end()

    def client(port):
        with connect(port) as sock:
            for path in (b"/a", b"/b"):
                sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: a\r\n\r\n")
                read_response(sock)
            # Node 20 emits 'close' on each request while the connection stays open.
            sock.sendall(b"GET /c HTTP/1.1\r\nHost: a\r\n\r\n")
            read_response(sock)
            return list(closes)

    during = serve(lambda srv: srv.on("request", handler), client)
    assert {"/a", "/b"} <= set(during)
    assert closes == ["/a", "/b", "/c"]


def test_client_gone_mid_body_emits_aborted_error_and_close(must_call):
    events: list[Any] = []
    done = threading.Event()

    def handler(req, res):
        req.on("aborted", lambda: events.append("aborted"))
        req.on("error", lambda err: events.append(("error", err.code, str(err))))

        def on_close():
            events.append(("close", req.complete, req.destroyed))
            done.set()

        req.on("close", on_close)
        req.resume()

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        assert done.wait(5)

    serve(lambda srv: srv.on("request", must_call(handler)), client)
    assert events == ["aborted", ("error", "ECONNRESET", "aborted"), ("close", False, True)]


def test_client_gone_mid_body_without_error_listener_is_not_an_error(must_call):
    done = threading.Event()

    def handler(req, res):
        req.on("close", lambda: done.set())

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        assert done.wait(5)

    serve(lambda srv: srv.on("request", must_call(handler)), client)


def test_destroy_closes_the_connection(must_call):
    def handler(req, res):
        req.destroy()

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call(handler)), client) == b""


def test_destroy_with_an_error_and_no_error_listener_does_not_crash(must_call):
    # Node: IncomingMessage emits the destroy error only to existing 'error' listeners.
    def handler(req, res):
        req.destroy(ValueError("boom"))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            first = read_all(sock)
        with connect(port) as sock:  # the server is still serving
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            return first, read_response(sock)[0].split(b"\r\n")[0]

    def setup(srv):
        srv.once("request", must_call(handler))
        srv.on("request", lambda req, res: res.end() if req.method == "GET" else None)

    assert serve(setup, client) == (b"", b"HTTP/1.1 200 OK")


def test_socket_and_connection_are_the_same_net_socket():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                  lambda req: (req.socket is req.connection, type(req.socket).__name__,
                               req.socket.remote_address))
    assert got == (True, "Socket", "127.0.0.1")


def test_set_timeout_returns_the_request_and_sets_the_socket_timeout():
    got = capture(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                  lambda req: (req.set_timeout(5000) is req, req.socket.timeout))
    assert got == (True, 5000)


def test_connection_is_a_settable_alias_of_socket():
    msg = http.IncomingMessage(None)
    marker = object()
    msg.connection = marker
    assert msg.socket is marker
    assert msg.connection is marker
