# Port of Node v20 test/parallel/test-http-contentLength0.js.
# Deviations: the status is asserted (Node only logs it).
from nodekit import http
from tests.node._common import at


def test_content_length_with_trailing_space_is_parsed(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Length": "0 "})
            res.end()

        server = http.create_server(handler)

        def go(port):
            def on_response(response):
                assert response.status_code == 200
                server.close()
                response.resume()

            http.request(at(port), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
