# Port of Node v20 test/parallel/test-http-date-header.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_response_has_a_date_and_request_has_none(common):
    def main():
        def handler(req, res):
            assert "date" not in req.headers, "Request headers contained a Date."
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("other stuff!\n")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert "date" in res.headers, "Response headers didn't contain a Date."
                res.add_listener("end", common.must_call(lambda: server.close()))
                res.resume()

            http.request(at(port, path="/", method="GET"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
