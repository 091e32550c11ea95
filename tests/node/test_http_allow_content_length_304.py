# Port of Node v20 test/parallel/test-http-allow-content-length-304.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_304_keeps_content_length_and_has_no_body(common):
    def main():
        def handler(req, res):
            res.set_header("Content-Length", 11)
            res.status_code = 304
            res.end(None)

        server = http.create_server(common.must_call(handler))

        def go(port):
            request = http.request(at(port))

            def on_response(response):
                response.on("data", common.must_not_call("data"))
                response.on("aborted", common.must_not_call("aborted"))

                def on_end():
                    assert response.headers["content-length"] == "11"
                    assert response.status_code == 304
                    server.close()

                response.on("end", common.must_call(on_end))

            request.on("response", common.must_call(on_response))
            request.end(None)

        common.listen(server, go)

    common.run(main)
