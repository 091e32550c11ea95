# Port of Node v20 test/parallel/test-http-response-add-header-after-sent.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def test_set_header_after_write_throws_headers_sent(common):
    def main():
        def handler(req, res):
            res.set_header("header1", 1)
            res.write("abc")
            raises(lambda: res.set_header("header2", 2), code="ERR_HTTP_HEADERS_SENT",
                   message="Cannot set headers after they are sent to the client")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
