# Port of Node v20 test/parallel/test-http-server-de-chunked-trailer.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def test_trailer_header_with_content_length_throws_trailer_invalid(common):
    def main():
        def handler(req, res):
            res.set_header("Trailer", "baz")
            raises(lambda: res.write_head(200, {"Content-Length": "2"}),
                   code="ERR_HTTP_TRAILER_INVALID",
                   message="Trailers are invalid with this transfer encoding")
            res.remove_header("Trailer")
            res.end("ok")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                buf = []
                res.on("data", buf.append).on("end", common.must_call(
                    lambda: _eq(b"".join(buf), b"ok")))
                server.close()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
