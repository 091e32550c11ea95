# Port of Node v20 test/parallel/test-http-request-end-twice.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_end_after_the_response_returns_the_request(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("hello world\n")

        server = http.Server(handler)

        def go(port):
            def on_response(res):
                def on_end():
                    assert req.end() is req
                    server.close()

                res.on("end", common.must_call(on_end))
                res.resume()

            req = http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
