# Port of Node v20 test/parallel/test-http-flush-headers.js.
# Deviations: the 'request' listener is a must_call (Node relies on the
# process not exiting early); the client's response is resumed.
from nodekit import http
from tests.node._common import at


def test_flush_headers_sends_the_head_without_end(common):
    def main():
        server = http.create_server()

        def on_request(req, res):
            assert req.headers["foo"] == "bar"
            res.end("ok")
            server.close()

        server.on("request", common.must_call(on_request))

        def go(port):
            req = http.request(at(port, method="GET"))
            req.set_header("foo", "bar")
            req.flush_headers()
            req.on("response", lambda res: (res.resume(), req.destroy()))

        common.listen(server, go)

    common.run(main)
