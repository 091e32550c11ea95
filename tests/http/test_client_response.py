"""The response side of the client: IncomingMessage fields, bodies, no-body
responses, 1xx, trailers, discarding, back-pressure, and the order of the
request's and response's events (checked against Node v20.20)."""

from __future__ import annotations

import threading

import pytest
from conftest import run
from test_client_support import OK, Body, RawServer, get_with, nodekit_server, respond

from nodekit import http, set_interval


def fetch(srv_port: int, must_call, method: str = "GET", **options):
    """GET (or ``method``) once; returns (res, Body) after run()."""
    out = {}

    def on_response(res):
        out["res"] = res
        out["body"] = Body(res)

    def main():
        http.request(get_with(srv_port, method=method, **options),
                     must_call(on_response)).end()

    run(main)
    return out["res"], out["body"]


# -- status line and headers ----------------------------------------------------------


def test_status_code_message_and_version_come_from_the_status_line(must_call):
    with RawServer(respond(b"HTTP/1.1 418 I'm a Teapot\r\nContent-Length: 0\r\n\r\n")) as srv:
        res, body = fetch(srv.port, must_call)
    assert (res.status_code, res.status_message) == (418, "I'm a Teapot")
    assert (res.http_version, res.http_version_major, res.http_version_minor) == ("1.1", 1, 1)
    assert body.ended


def test_an_http_1_0_response_reports_version_1_0(must_call):
    with RawServer(respond(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")) as srv:
        res, body = fetch(srv.port, must_call)
    assert (res.http_version, res.http_version_major, res.http_version_minor) == ("1.0", 1, 0)
    assert body.data == b"ok"


def test_response_headers_are_merged_like_the_servers(must_call):
    response = (b"HTTP/1.1 200 OK\r\n"
                b"Set-Cookie: a=1\r\nset-cookie: b=2\r\n"
                b"Content-Type: text/plain\r\ncontent-type: text/html\r\n"
                b"X-Multi: 1\r\nx-multi: 2\r\n"
                b"Content-Length: 0\r\n\r\n")
    with RawServer(respond(response)) as srv:
        res, _ = fetch(srv.port, must_call)
    assert res.headers == {"set-cookie": ["a=1", "b=2"], "content-type": "text/plain",
                           "x-multi": "1, 2", "content-length": "0"}


def test_raw_headers_keep_names_values_and_duplicates_as_received(must_call):
    response = b"HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nCONTENT-length: 0\r\n\r\n"
    with RawServer(respond(response)) as srv:
        res, _ = fetch(srv.port, must_call)
    assert res.raw_headers == ["X-A", "1", "x-a", "2", "CONTENT-length", "0"]


def test_header_values_are_decoded_as_latin1(must_call):
    response = b"HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 0\r\n\r\n"
    with RawServer(respond(response)) as srv:
        res, _ = fetch(srv.port, must_call)
    assert res.headers["x-name"] == "caf\u00e9"


def test_socket_and_connection_are_the_requests_socket(must_call):
    seen = []

    def on_response(res):
        req = res.req
        seen.append(res.socket is req.socket and res.connection is req.socket)
        res.resume()

    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port), must_call(on_response)))
    assert seen == [True]


# -- bodies ---------------------------------------------------------------------------


def test_a_content_length_body_is_streamed(must_call):
    with RawServer(respond(b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world")) as srv:
        res, body = fetch(srv.port, must_call)
    assert body.data == b"hello world"
    assert res.complete


def test_a_chunked_body_is_decoded(must_call):
    response = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\n\r\n")
    with RawServer(respond(response)) as srv:
        _, body = fetch(srv.port, must_call)
    assert body.data == b"hello world"


def test_a_body_without_length_ends_when_the_server_closes(must_call):
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\n\r\nuntil ")
        conn.send(b"close")
        conn.close()

    with RawServer(handler) as srv:
        res, body = fetch(srv.port, must_call)
    assert body.data == b"until close"
    assert body.ended and res.complete


def test_set_encoding_decodes_the_body_without_splitting_characters(must_call):
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n\xe2\x82")
        conn.send(b"\xac!")

    got = []

    def on_response(res):
        res.set_encoding("utf8")
        res.on("data", got.append)

    with RawServer(handler) as srv:
        run(lambda: http.get(get_with(srv.port), must_call(on_response)))
    assert "".join(got) == "\u20ac!"


def test_trailers_are_there_at_end(must_call):
    response = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                b"3\r\nabc\r\n0\r\nX-Sum: 42\r\nx-sum: 43\r\n\r\n")
    seen = {}

    def on_response(res):
        res.resume()
        res.on("end", lambda: seen.update(trailers=res.trailers, raw=res.raw_trailers,
                                          headers=res.raw_headers))

    with RawServer(respond(response)) as srv:
        run(lambda: http.get(get_with(srv.port), must_call(on_response)))
    assert seen["trailers"] == {"x-sum": "42, 43"}
    assert seen["raw"] == ["X-Sum", "42", "x-sum", "43"]
    assert seen["headers"] == ["Transfer-Encoding", "chunked", "Trailer", "X-Sum"]


def test_trailers_after_an_empty_chunked_body_do_not_join_the_headers(must_call):
    response = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"0\r\nX-Only: trailer\r\n\r\n")
    with RawServer(respond(response)) as srv:
        res, body = fetch(srv.port, must_call)
    assert res.raw_headers == ["Transfer-Encoding", "chunked"]
    assert res.raw_trailers == ["X-Only", "trailer"]
    assert body.ended


def test_trailers_from_a_nodekit_server_reach_the_client(must_call):
    seen = []

    def handler(req, res):
        res.write_head(200, {"Trailer": "Content-MD5"})
        res.write("data")
        res.add_trailers({"Content-MD5": "7895bf4b8828b55ceaf47747b4bca667"})
        res.end()

    def client(srv, port):
        def on_response(res):
            Body(res, lambda b: (seen.append((b.data, res.trailers)), srv.close()))

        http.get(get_with(port), must_call(on_response))

    nodekit_server(handler, client)
    assert seen == [(b"data", {"content-md5": "7895bf4b8828b55ceaf47747b4bca667"})]


# -- responses without a body ---------------------------------------------------------


def test_a_head_response_has_no_body_even_with_a_content_length(must_call):
    with RawServer(respond(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) as srv:
        res, body = fetch(srv.port, must_call, method="HEAD")
    assert res.headers["content-length"] == "1000"
    assert body.data == b"" and body.ended


def test_the_socket_is_reused_after_a_head_response(must_call):
    # HEAD with Content-Length, then GET on the same keep-alive connection:
    # the parser must not take the GET's response for the HEAD's body. (The
    # GET is sent in the HEAD's 'end', before the socket is free: max_sockets=1
    # queues it for that socket, as in Node.)
    agent = http.Agent(keep_alive=True, max_sockets=1)
    responses = [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
                 b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"]

    def handler(conn):
        for response in responses:
            conn.read_request()
            conn.send(response)
        conn.read_to_eof()

    bodies = []

    def second(res):
        Body(res, lambda b: (bodies.append(b.data), agent.destroy()))

    def first(res):
        Body(res, lambda b: bodies.append(b.data))
        res.on("end", lambda: http.get(get_with(srv.port, agent=agent), must_call(second)))

    with RawServer(handler) as srv:
        run(lambda: http.request(get_with(srv.port, method="HEAD", agent=agent),
                                 must_call(first)).end())
    assert bodies == [b"", b"hello"]
    assert len(srv.conns) == 1


def test_the_next_response_on_a_socket_parses_cleanly_after_stray_bytes(must_call):
    # Bytes after a complete response start another message in the socket's
    # parser; the next request on that socket must not inherit that state.
    agent = http.Agent(keep_alive=True, max_sockets=1)

    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 5")
        conn.read_request()
        conn.send(b"HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nnew")
        conn.read_to_eof()

    got = []

    def first(res):
        Body(res, lambda b: got.append((res.status_code, b.data)))
        res.on("end", lambda: http.get(get_with(srv.port, agent=agent), must_call(second)))

    def second(res):
        Body(res, lambda b: (got.append((res.status_code, b.data)), agent.destroy()))

    with RawServer(handler) as srv:
        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(first)))
    assert got == [(200, b"ok"), (201, b"new")]
    assert len(srv.conns) == 1


@pytest.mark.parametrize("status", [204, 304])
def test_204_and_304_responses_have_no_body(must_call, status):
    # The "body" bytes are the next response on a keep-alive connection
    # (max_sockets=1: the second request, sent in the first one's 'end', waits
    # for that connection instead of opening one, as in Node).
    agent = http.Agent(keep_alive=True, max_sockets=1)

    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 %d X\r\nContent-Length: 5\r\n\r\n" % status)
        conn.read_request()
        conn.send(OK)
        conn.read_to_eof()

    got = []

    def first(res):
        Body(res, lambda b: (got.append((res.status_code, b.data)),
                             http.get(get_with(srv.port, agent=agent), must_call(second))))

    def second(res):
        Body(res, lambda b: (got.append((res.status_code, b.data)), agent.destroy()))

    with RawServer(handler) as srv:
        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(first)))
    assert got == [(status, b""), (200, b"ok")]


def test_a_1xx_response_emits_information_then_the_final_response_follows(must_call):
    response = (b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    infos = []

    def on_information(info):
        infos.append((info["status_code"], info["status_message"], info["headers"],
                      info["http_version"], info["http_version_major"],
                      info["http_version_minor"]))

    with RawServer(respond(response)) as srv:
        def main():
            req = http.get(get_with(srv.port), must_call(lambda res: Body(res)))
            req.on("information", must_call(on_information))

        run(main)
    assert infos == [(103, "Early Hints", {"link": "</s.css>; rel=preload"}, "1.1", 1, 1)]


def test_a_1xx_before_a_head_response_is_skipped(must_call):
    response = (b"HTTP/1.1 102 Processing\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n")
    with RawServer(respond(response)) as srv:
        res, body = fetch(srv.port, must_call, method="HEAD")
    assert res.status_code == 200 and body.ended


# -- discarding and back-pressure -------------------------------------------------------


def test_a_response_without_a_response_listener_is_discarded(must_call):
    # Nobody listens: the body is dumped so the request completes and run() returns.
    with RawServer(respond(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")) as srv:
        def main():
            req = http.get(get_with(srv.port))
            req.on("close", must_call())

        run(main)


def test_a_large_response_without_a_listener_is_drained_to_the_end(must_call):
    body = b"x" * (4 << 20)

    def handler(req, res):
        res.end(body)

    def client(srv, port):
        req = http.get(get_with(port))
        req.on("close", must_call(lambda: srv.close()))

    nodekit_server(handler, client)


def test_a_paused_response_pushes_back_on_the_server(must_call):
    # The server writes far more than any socket buffer holds: it can only
    # block if the paused client stops reading from the socket.
    total = 64 << 20
    blocked = threading.Event()
    sent = []

    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % total)
        chunk = b"y" * 65536
        conn.sock.settimeout(0.5)
        n = 0
        while n < total:
            try:
                conn.sock.sendall(chunk)
                n += len(chunk)
            except TimeoutError:
                blocked.set()
                break
        sent.append(n)
        conn.sock.settimeout(10)
        # Whatever sendall managed of the chunk that timed out is unknown:
        # finish with a closing connection and let the client count.
        conn.sock.close()

    received = []

    def on_response(res):
        res.pause()

        def check():
            if blocked.is_set():
                timer.close()
                received.append(res.readable_length)
                res.on("data", lambda d: None)
                res.on("aborted", lambda: None)
                res.resume()

        timer = set_interval(check, 10)

    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port), must_call(on_response))
            req.on("error", lambda err: None)

        run(main, timeout=20)
    assert blocked.is_set()
    assert sent[0] < total
    assert received[0] <= 65536 * 2  # held in memory while paused: about one read


def test_reading_with_read_and_readable(must_call):
    got = []

    def on_response(res):
        def on_readable():
            while (chunk := res.read()) is not None:
                got.append(chunk)

        res.on("readable", on_readable)

    with RawServer(respond(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nreadme")) as srv:
        run(lambda: http.get(get_with(srv.port), must_call(on_response)))
    assert b"".join(got) == b"readme"


def test_async_iteration_of_a_response(must_call):
    got = []

    async def on_response(res):
        async for chunk in res:
            got.append(chunk)

    with RawServer(respond(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nasync")) as srv:
        run(lambda: http.get(get_with(srv.port), must_call(on_response)))
    assert b"".join(got) == b"async"


# -- event order ------------------------------------------------------------------------


def record(req, log):
    req.on("socket", lambda s: log.append("socket"))
    req.on("finish", lambda: log.append("req finish"))
    req.on("close", lambda: log.append("req close"))


def record_res(res, log):
    log.append("response")
    res.on("data", lambda d: log.append("data"))
    res.on("end", lambda: log.append("res end"))
    res.on("close", lambda: log.append("res close"))


def test_events_of_a_keep_alive_exchange_come_in_nodes_order(must_call):
    log: list[str] = []
    agent = http.Agent(keep_alive=True)

    def client(srv, port):
        req = http.request(get_with(port, method="POST", agent=agent),
                           must_call(lambda res: record_res(res, log)))
        record(req, log)
        req.on("close", lambda: (agent.destroy(), srv.close()))
        req.end("body")

    nodekit_server(lambda req, res: (req.resume(), res.end("hello")), client)
    # Node v20.20 with a keepAlive agent: the same sequence.
    assert log == ["socket", "req finish", "response", "data", "res end", "req close",
                   "res close"]


def test_events_of_an_agent_false_exchange_come_in_nodes_order(must_call):
    log: list[str] = []

    def client(srv, port):
        req = http.request(get_with(port, method="POST", agent=False),
                           must_call(lambda res: record_res(res, log)))
        record(req, log)
        req.on("close", lambda: srv.close())
        req.end("body")

    nodekit_server(lambda req, res: (req.resume(), res.end("hello")), client)
    assert log == ["socket", "req finish", "response", "data", "res end", "res close",
                   "req close"]


def test_the_request_closes_only_after_its_response_ended(must_call):
    # The response is read late: 'close' on the request waits for its 'end'.
    log: list[str] = []

    def on_response(res):
        log.append("response")
        set_interval_once(lambda: (log.append("read"), res.on("end", lambda: log.append("end")),
                                   res.resume()))

    def set_interval_once(fn):
        def tick():
            timer.close()
            fn()

        timer = set_interval(tick, 20)

    def handler(conn):
        conn.read_request()
        conn.send(OK)
        conn.read_to_eof()  # keeps the connection open until the client is done

    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port), must_call(on_response))
            req.on("close", lambda: log.append("close"))

        run(main)
    assert log == ["response", "read", "end", "close"]


def test_an_exception_in_a_response_listener_is_uncaught(must_call):
    with RawServer(respond(OK)) as srv:
        def on_response(res):
            raise RuntimeError("from the listener")

        with pytest.raises(RuntimeError, match="from the listener"):
            run(lambda: http.get(get_with(srv.port), must_call(on_response)))


@pytest.mark.parametrize("how", ["option", "attribute"])
def test_max_headers_count_cuts_the_responses_headers(must_call, how):
    # Node's req.maxHeadersCount (the option or the property set before the
    # socket is assigned): header lines past it are dropped.
    response = (b"HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n"
                b"Content-Length: 2\r\n\r\nok")
    got = []
    with RawServer(respond(response)) as srv:
        def main():
            options = get_with(srv.port, **({"max_headers_count": 2} if how == "option" else {}))
            req = http.get(options, must_call(lambda res: (got.append(res.raw_headers),
                                                           Body(res))))
            if how == "attribute":
                req.max_headers_count = 2

        run(main)
    assert got == [["A", "1", "B", "2"]]
