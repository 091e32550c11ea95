# Port of Node v20 test/parallel/test-http-write-head.js.
# Deviations: JS undefined is None.
from nodekit import http
from tests.node._common import at, raises


def test_write_head_validation_and_headers_sent(common):
    def main():
        def handler(req, res):
            res.set_header("test", "1")
            raises(lambda: res.set_header(0xf00, "bar"), code="ERR_INVALID_HTTP_TOKEN",
                   cls=TypeError, message='Header name must be a valid HTTP token ["3840"]')
            raises(lambda: res.set_header("foo", None), code="ERR_HTTP_INVALID_HEADER_VALUE",
                   cls=TypeError, message='Invalid value "undefined" for header "foo"')
            res.write_head(200, {"Test": "2"})
            raises(lambda: res.write_head(100, {}), code="ERR_HTTP_HEADERS_SENT")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(response):
                def on_end():
                    assert response.headers["test"] == "2"
                    assert "Test" in response.raw_headers
                    server.close()

                response.on("end", common.must_call(on_end))
                response.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_second_write_head_with_a_raw_list_throws(common):
    def main():
        def handler(req, res):
            res.write_head(200, ["test", "1"])
            raises(lambda: res.write_head(200, ["test2", "2"]), code="ERR_HTTP_HEADERS_SENT")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.headers["test"] == "1"
                assert "test2" not in res.headers
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
