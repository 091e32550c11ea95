# Port of Node v20 test/parallel/test-http-content-length-mismatch.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def _serve(common, handler):
    def main():
        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.resume()
                assert res.status_code == 200
                server.close()

            http.get(at(port), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)


def test_more_bytes_than_content_length_throw(common):
    def handler(req, res):
        res.strict_content_length = True
        res.set_header("Content-Length", 5)
        res.write("hello")
        raises(lambda: res.write("a"), code="ERR_HTTP_CONTENT_LENGTH_MISMATCH")
        res.status_code = 200
        res.end()

    _serve(common, handler)


def test_no_content_length_does_not_throw(common):
    def handler(req, res):
        res.strict_content_length = True
        res.write("helloaa")
        res.status_code = 200
        res.end("ending")

    _serve(common, handler)


def test_fewer_bytes_than_content_length_throw_at_end(common):
    def handler(req, res):
        res.strict_content_length = True
        res.set_header("Content-Length", 5)
        res.write("a")
        res.status_code = 200
        raises(lambda: res.end("aaa"), code="ERR_HTTP_CONTENT_LENGTH_MISMATCH")
        res.end("aaaa")

    _serve(common, handler)
