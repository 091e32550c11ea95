# Port of Node v20 test/parallel/test-http-request-host-header.js.
# Deviations: Node's `headers: []` (an empty raw list, which drops the Host
# header NodeKit's client would add) is set_host=False here (API.md §11).
# Node's `writeHead(200, ['test', '1'])` (a flat raw list) is kept as is.
from nodekit import http
from tests.node._common import at


def test_missing_host_is_a_400_with_connection_close(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            def on_response(res):
                assert res.status_code == 400
                assert res.headers["connection"] == "close"
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port, set_host=False), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_require_host_header_false_serves_it(common):
    def main():
        def handler(req, res):
            res.write_head(200, ["test", "1"])
            res.end()

        server = http.create_server({"require_host_header": False}, common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                assert res.headers["test"] == "1"
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port, set_host=False), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
