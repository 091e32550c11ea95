# Port of Node v20 test/parallel/test-http-flush-response-headers.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_response_flush_headers_is_idempotent(common):
    def main():
        server = http.create_server()

        def on_request(req, res):
            res.write_head(200, {"foo": "bar"})
            res.flush_headers()
            res.flush_headers()  # should be idempotent

        server.on("request", on_request)

        def go(port):
            def on_response(res):
                assert res.headers["foo"] == "bar"
                res.destroy()
                server.close()

            req = http.request(at(port, method="GET"), common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)
