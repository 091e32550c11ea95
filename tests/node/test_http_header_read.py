# Port of Node v20 test/parallel/test-http-header-read.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_get_header_after_end(common):
    def main():
        def handler(req, res):
            res.set_header("Content-Type", "text/plain")
            assert not res.headers_sent
            res.write_head(200)
            assert res.headers_sent
            res.end("hello world\n")
            assert res.get_header("Content-Type") == "text/plain"

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(response):
                response.on("end", common.must_call(lambda: server.close()))
                response.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
