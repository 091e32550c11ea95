# Port of Node v20 test/parallel/test-http-head-request.js.
# Deviations: none.
import pytest

from nodekit import http
from tests.node._common import at


@pytest.mark.parametrize("headers", [{"Transfer-Encoding": "chunked"},
                                     {"Content-Length": len("hello world\n")}])
def test_head_response_with_framing_headers_ends(headers, common):
    def main():
        def handler(req, res):
            res.write_head(200, headers)
            res.end()
            server.close()

        server = http.create_server(handler)

        def go(port):
            def on_response(response):
                response.on("end", common.must_call())
                response.resume()

            http.request(at(port, method="HEAD", path="/"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
