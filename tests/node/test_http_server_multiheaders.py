# Port of Node v20 test/parallel/test-http-server-multiheaders.js.
# Deviations: the original sends three Host lines; NodeKit answers a
# repeated Host with a 400 (README: stricter Host rules, RFC 9112 §3.2), so
# the first test asserts that contract and the second sends the same list
# with one Host line and checks every other joined value as Node does.
# Node's array-of-pairs headers are a list of (name, value) pairs.
from nodekit import http
from tests.node._common import at

HEADERS = [
    ("accept", "abc"), ("accept", "def"), ("Accept", "ghijklmnopqrst"),
    ("host", "foo"), ("Host", "bar"), ("hOst", "baz"),
    ("www-authenticate", "foo"), ("WWW-Authenticate", "bar"), ("WWW-AUTHENTICATE", "baz"),
    ("proxy-authenticate", "foo"), ("Proxy-Authenticate", "bar"),
    ("PROXY-AUTHENTICATE", "baz"),
    ("x-foo", "bingo"), ("x-bar", "banjo"), ("x-bar", "bango"),
    ("sec-websocket-protocol", "chat"), ("sec-websocket-protocol", "share"),
    ("sec-websocket-extensions", "foo; 1"), ("sec-websocket-extensions", "bar; 2"),
    ("sec-websocket-extensions", "baz"),
    ("constructor", "foo"), ("constructor", "bar"), ("constructor", "baz"),
]


def test_three_host_lines_are_a_400(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            def on_response(res):
                assert res.status_code == 400
                res.resume()
                server.close()

            http.get(at(port, path="/", headers=HEADERS), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_repeated_headers_are_joined(common):
    headers = [h for h in HEADERS if h not in (("Host", "bar"), ("hOst", "baz"))]

    def main():
        def handler(req, res):
            assert req.headers["accept"] == "abc, def, ghijklmnopqrst"
            assert req.headers["host"] == "foo"
            assert req.headers["www-authenticate"] == "foo, bar, baz"
            assert req.headers["proxy-authenticate"] == "foo, bar, baz"
            assert req.headers["x-foo"] == "bingo"
            assert req.headers["x-bar"] == "banjo, bango"
            assert req.headers["sec-websocket-protocol"] == "chat, share"
            assert req.headers["sec-websocket-extensions"] == "foo; 1, bar; 2, baz"
            assert req.headers["constructor"] == "foo, bar, baz"
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("EOF")
            server.close()

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.get(at(port, path="/", headers=headers),
                                                    lambda res: res.resume()))

    common.run(main)
