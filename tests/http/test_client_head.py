"""The request head on the wire when requests repeat: a client sending the
same request again reuses the head it rendered (``Runtime.head_cache``), so
every case here is sent twice on one keep-alive connection and both copies
must be what Node v20 sends for it -- and a request that differs in anything
the head depends on gets its own."""

from __future__ import annotations

import re

import pytest
from conftest import run
from test_client_support import OK, RawServer, get_with, respond

from nodekit import http


def split_heads(data: bytes) -> list[bytes]:
    """The heads of the requests in ``data`` (bodies framed by Content-Length)."""
    heads = []
    while data:
        end = data.index(b"\r\n\r\n") + 4
        head = data[:end]
        heads.append(head)
        length = re.search(rb"\r\ncontent-length: *(\d+)", head.lower())
        data = data[end + (int(length.group(1)) if length else 0):]
    return heads


def heads_of(requests: list[dict], bodies: list[bytes | None] | None = None) -> list[bytes]:
    """Send ``requests`` (with ``bodies``) one after another through one
    keep-alive agent; the heads the server got, in order (the Host port
    masked as PORT)."""
    agent = http.Agent(keep_alive=True, max_sockets=1)
    with RawServer(respond(OK, requests=len(requests))) as srv:
        def main():
            def send(i: int) -> None:
                if i == len(requests):
                    agent.destroy()
                    return
                req = http.request(get_with(srv.port, agent=agent, **requests[i]),
                                   lambda res: (res.resume(),
                                                res.on("end", lambda: send(i + 1))))
                req.end(bodies[i] if bodies else None)

            send(0)

        run(main)
        data = b"".join(srv.requests)
        port = str(srv.port).encode()
    return [h.replace(b":" + port, b":PORT") for h in split_heads(data)]


HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nConnection: keep-alive\r\n\r\n"


def test_the_same_request_sends_the_same_head_twice():
    assert heads_of([{}, {}]) == [HEAD, HEAD]


def test_a_header_value_changes_the_head():
    heads = heads_of([{"headers": {"X-A": "1"}}, {"headers": {"X-A": "1"}},
                      {"headers": {"X-A": "2"}}, {"headers": {"X-A": 1}},
                      {"headers": {"X-A": True}}, {"headers": {"X-A": True}}])
    line = b"GET / HTTP/1.1\r\nX-A: %s\r\nHost: 127.0.0.1:PORT\r\nConnection: keep-alive\r\n\r\n"
    assert heads == [line % b"1", line % b"1", line % b"2", line % b"1",
                     line % b"true", line % b"true"]


def test_method_and_path_change_the_head_and_its_framing():
    heads = heads_of([{"path": "/a"}, {"path": "/b"}, {"method": "POST"}, {"method": "POST"}])
    assert heads[0].startswith(b"GET /a HTTP/1.1\r\n")
    assert heads[1].startswith(b"GET /b HTTP/1.1\r\n")
    # POST is chunked by default; ended with no data it says so with a length.
    post = b"POST / HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nConnection: keep-alive\r\n" \
           b"Content-Length: 0\r\n\r\n"
    assert heads[2:] == [post, post]


def test_a_body_length_changes_the_head():
    heads = heads_of([{"method": "PUT"}] * 3, [b"xyz", b"xyz", b"ab"])
    put = b"PUT / HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nConnection: keep-alive\r\n" \
          b"Content-Length: %d\r\n\r\n"
    assert heads == [put % 3, put % 3, put % 2]


@pytest.mark.parametrize("headers", [
    {"Connection": "close"}, {"connection": "Keep-Alive, CLOSE"},
    {"Connection": ["keep-alive", "close"]}, ["Host", "x", "Connection", "close"],
])
def test_connection_close_in_the_head_closes_the_socket_each_time(headers):
    # The head says close (also when reused): each request gets a connection
    # of its own and the agent pools none.
    agent = http.Agent(keep_alive=True, max_sockets=1)
    with RawServer(respond(OK, requests=1)) as srv:
        def main():
            def send(left: int) -> None:
                if not left:
                    return
                http.get(get_with(srv.port, agent=agent, headers=headers),
                         lambda res: (res.resume(), res.on("end", lambda: send(left - 1))))

            send(2)

        run(main)
        assert len(srv.conns) == 2
        assert all(b"close" in data.lower() for data in srv.requests)
    assert agent.free_sockets == {}


def test_a_close_elsewhere_in_the_head_keeps_the_socket():
    agent = http.Agent(keep_alive=True, max_sockets=1)
    with RawServer(respond(OK, requests=2)) as srv:
        def main():
            def send(left: int) -> None:
                if not left:
                    agent.destroy()
                    return
                http.get(get_with(srv.port, agent=agent, path="/close",
                                  headers={"X-Close": "close"}),
                         lambda res: (res.resume(), res.on("end", lambda: send(left - 1))))

            send(2)

        run(main)
        assert len(srv.conns) == 1


def test_a_pooled_request_and_an_agent_false_one_get_different_heads():
    agent = http.Agent(keep_alive=True)
    with RawServer(respond(OK, requests=1)) as srv:
        def main():
            def second():
                agent.destroy()
                http.get(get_with(srv.port, agent=False), lambda r: r.resume())

            http.get(get_with(srv.port, agent=agent),
                     lambda res: (res.resume(), res.on("end", second)))

        run(main)
        said = [b"\r\nConnection: keep-alive\r\n" in data for data in srv.requests]
    assert said == [True, False]
    assert b"\r\nConnection: close\r\n" in srv.requests[1]
