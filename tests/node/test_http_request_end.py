# Port of Node v20 test/parallel/test-http-request-end.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

EXPECTED = "Post Body For Test"


def test_end_with_a_body_returns_the_request(common):
    def main():
        def handler(req, res):
            result = []
            req.set_encoding("utf8")
            req.on("data", result.append)

            def on_end():
                assert "".join(result) == EXPECTED
                res.write_head(200)
                res.end("hello world\n")
                server.close()

            req.on("end", common.must_call(on_end))

        server = http.Server(handler)

        def go(port):
            req = http.request(at(port, path="/", method="POST"), lambda res: res.resume())
            req.on("error", common.must_not_call())
            assert req.end(EXPECTED) is req

        common.listen(server, go)

    common.run(main)
