# Port of Node v20 test/parallel/test-http-server.js.
# Deviations: url.parse/querystring are urllib.parse.urlsplit/parse_qs; the
# JS invalid options 'foo', 42, true, [] are the same in Python. Node's
# server.httpAllowHalfOpen = true is set as there, after a check that the
# switch exists: NodeKit has none yet (hence the xfail). The process 'exit' checks
# run after the loop went idle.
from urllib.parse import parse_qs, urlsplit

import pytest

from nodekit import http, net, set_timeout
from tests.node._common import raises


@pytest.mark.parametrize("option", ["foo", 42, True, []], ids=repr)
def test_invalid_options_are_err_invalid_arg_type(option):
    raises(lambda: http.Server(option), code="ERR_INVALID_ARG_TYPE", cls=TypeError)


def test_four_requests_two_of_them_pipelined_with_the_fin(common):
    state = {"request_number": 0, "requests_sent": 0, "response": "", "eof": False}

    def main():
        def handler(req, res):
            n = state["request_number"]
            state["request_number"] += 1
            assert res.req is req
            if n == 0:
                assert req.method == "GET"
                parts = urlsplit(req.url)
                assert parts.path == "/hello"
                query = parse_qs(parts.query)
                assert query["hello"] == ["world"]
                assert query["foo"] == ["b==ar"]
            if n == 1:
                assert req.method == "POST"
                assert urlsplit(req.url).path == "/quit"
            if n == 2:
                assert req.headers["x-x"] == "foo"
            if n == 3:
                assert req.headers["x-x"] == "bar"
                server.close()

            def later():
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write(urlsplit(req.url).path)
                res.end()

            set_timeout(later, 1)

        server = http.create_server(handler)
        # Node's test sets server.httpAllowHalfOpen = true. Without that switch
        # (the xfail's reason) the outcome is a race with the client's FIN, so the
        # port checks for it first: it fails for its reason, every time.
        assert "http_allow_half_open" in dir(server), "no server.http_allow_half_open"
        server.http_allow_half_open = True
        server.listen(0, common.HOST)

        def on_listening():
            c = net.create_connection(server.address()["port"], common.HOST)
            c.set_encoding("utf8")

            def on_connect():
                c.write("GET /hello?hello=world&foo=b==ar HTTP/1.1\r\nHost: example.com\r\n\r\n")
                state["requests_sent"] += 1

            def on_data(chunk):
                state["response"] += chunk
                if state["requests_sent"] == 1:
                    c.write("POST /quit HTTP/1.1\r\nHost: example.com\r\n\r\n")
                    state["requests_sent"] += 1
                if state["requests_sent"] == 2:
                    c.write("GET / HTTP/1.1\r\nX-X: foo\r\nHost: example.com\r\n\r\n"
                            "GET / HTTP/1.1\r\nX-X: bar\r\nHost: example.com\r\n\r\n")
                    c.end()
                    assert c.ready_state == "readOnly"
                    state["requests_sent"] += 2

            def on_end():
                state["eof"] = True

            c.on("connect", on_connect)
            c.on("data", on_data)
            c.on("end", on_end)
            c.on("close", lambda *_: _eq(c.ready_state, "closed"))

        server.on("listening", on_listening)

    common.run(main)
    assert state["request_number"] == 4
    assert state["requests_sent"] == 4
    assert "/hello" in state["response"]
    assert "/quit" in state["response"]
    assert state["eof"] is True


def _eq(a, b):
    assert a == b
