# Port of Node v20 test/parallel/test-http-generic-streams.js.
# Deviations: Node's MakeDuplexPair (test/common/duplexpair) is
# tests/node/_common.duplex_pair; each block is a test of its own, tests 3 and
# 4 (the same exchange, chunked and with Content-Length) one parametrized test.
import pytest

from nodekit import http

from ._common import duplex_pair

TEST_DATA = "Hello, World!\n"


def _eq(a, b):
    assert a == b


def _text_response(res):
    res.status_code = 200
    res.set_header("Content-Type", "text/plain")


def test_a_simple_request_without_keep_alive(common):
    """Test 1: Simple HTTP test, no keep-alive."""
    def main():
        def handler(req, res):
            _text_response(res)
            res.end(TEST_DATA)

        server = http.create_server(common.must_call(handler))
        client_side, server_side = duplex_pair()
        server.emit("connection", server_side)

        def on_response(res):
            res.set_encoding("utf8")
            res.on("data", common.must_call(lambda data: _eq(data, TEST_DATA)))
            res.on("end", common.must_call())

        req = http.request({"create_connection": common.must_call(lambda *a: client_side)},
                           common.must_call(on_response))
        req.end()

    common.run(main, timeout=5)


def test_two_keep_alive_requests_over_one_duplex(common):
    """Test 2: Keep-alive for 2 requests."""
    def main():
        def handler(req, res):
            _text_response(res)
            res.end(TEST_DATA)

        server = http.create_server(common.must_call(handler, 2))
        client_side, server_side = duplex_pair()
        server.emit("connection", server_side)

        def do_request(cb=None):
            def on_response(res):
                res.set_encoding("utf8")
                res.on("data", common.must_call(lambda data: _eq(data, TEST_DATA)))
                res.on("end", common.must_call(cb))

            req = http.request({"create_connection": common.must_call(lambda *a: client_side),
                                "headers": {"Connection": "keep-alive"}},
                               common.must_call(on_response))
            req.should_keep_alive = True
            req.end()

        do_request(lambda: do_request())

    common.run(main, timeout=5)


@pytest.mark.parametrize("framing", ["chunked", "content-length"])
def test_connection_close_request_and_response(common, framing):
    """Test 3: Connection: close request/response with chunked; Test 4: the same
    with Content-Length headers (Node writes the block twice; one body here)."""
    sized = framing == "content-length"
    length = str(len(TEST_DATA))

    def main():
        def handler(req, res):
            if sized:
                assert req.headers["content-length"] == length
            req.set_encoding("utf8")
            if not sized:
                req.resume()
            req.on("data", common.must_call(lambda data: _eq(data, TEST_DATA)))

            def on_end():
                _text_response(res)
                if sized:
                    res.set_header("Content-Length", len(TEST_DATA))
                res.write(TEST_DATA)
                res.end()

            req.once("end", on_end)

        server = http.create_server(common.must_call(handler))
        client_side, server_side = duplex_pair()
        server.emit("connection", server_side)
        client_side.on("end", common.must_call())
        server_side.on("end", common.must_call())

        def on_response(res):
            res.set_encoding("utf8")
            if sized:
                assert res.headers["content-length"] == length
            res.on("data", common.must_call(lambda data: _eq(data, TEST_DATA)))
            res.on("end", common.must_call())

        req = http.request({"create_connection": common.must_call(lambda *a: client_side),
                            "method": "PUT", "headers": {"Connection": "close"}},
                           common.must_call(on_response))
        if sized:
            req.set_header("Content-Length", len(TEST_DATA))
        req.write(TEST_DATA)
        req.end()

    common.run(main, timeout=5)


def test_the_client_sends_garbage(common):
    """Test 5: the client sends garbage: 'clientError', no 'request'."""
    def main():
        server = http.create_server(common.must_not_call("request"))
        client_side, server_side = duplex_pair()
        server.emit("connection", server_side)
        server.on("clientError", common.must_call())
        # Send something that is not an HTTP request.
        client_side.end("I’m reading a book about anti-gravity. It’s impossible to put down!")

    common.run(main, timeout=5)
