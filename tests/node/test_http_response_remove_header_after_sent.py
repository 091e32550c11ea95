# Port of Node v20 test/parallel/test-http-response-remove-header-after-sent.js.
# Deviations: Node passes an ignored second argument to removeHeader; the
# Python method takes the name only.
from nodekit import http
from tests.node._common import at, raises


def test_remove_header_after_write_throws_headers_sent(common):
    def main():
        def handler(req, res):
            res.remove_header("header1")
            res.write("abc")
            raises(lambda: res.remove_header("header2"), code="ERR_HTTP_HEADERS_SENT",
                   message="Cannot remove headers after they are sent to the client")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
