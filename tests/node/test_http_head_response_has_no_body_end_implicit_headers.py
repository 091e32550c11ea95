# Port of Node v20 test/parallel/test-http-head-response-has-no-body-end-implicit-headers.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_head_response_with_end_body_and_implicit_headers_ends(common):
    def main():
        server = http.create_server(lambda req, res: res.end("FAIL"))

        def go(port):
            def on_response(res):
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            req = http.request(at(port, method="HEAD", path="/"), common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)
