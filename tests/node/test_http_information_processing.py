# Port of Node v20 test/parallel/test-http-information-processing.js.
# Deviations: none.
# The final response's checks are shared with test-http-information-headers.js:
# tests/node/_twins/http_siblings.py.
from nodekit import http
from tests.node._common import at
from tests.node._twins.http_siblings import final_response_after_information

BODY = "other stuff!\n"


def test_two_102_then_the_response(common):
    def main():
        def handler(req, res):
            for _ in range(2):
                res.write_processing()
            res.write_head(200, {"Content-Type": "text/plain", "ABCD": "1"})
            res.end(BODY)

        server = http.create_server(handler)

        def go(port):
            req = http.request(at(port, path="/world"))
            req.end()
            info = []
            req.on("information", info.append)

            def on_response(res):
                assert len(info) == 2
                final_response_after_information(common, res, BODY, server.close)

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
