# Port of Node v20 test/parallel/test-http-head-response-has-no-body.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_head_response_after_write_head_ends(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            http.request(at(port, method="HEAD", path="/"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
