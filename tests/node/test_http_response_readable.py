# Port of Node v20 test/parallel/test-http-response-readable.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_response_readable_until_end(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("Hello world")

        server = http.Server(handler)

        def go(port):
            def on_response(res):
                assert res.readable is True

                def on_end():
                    assert res.readable is False
                    server.close()

                res.on("end", common.must_call(on_end))
                res.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
