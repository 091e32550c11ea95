# Port of Node v20 test/parallel/test-http-automatic-headers.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_x_prefixed_names_do_not_suppress_automatic_headers(common):
    def main():
        def handler(req, res):
            res.set_header("X-Date", "foo")
            res.set_header("X-Connection", "bar")
            res.set_header("X-Content-Length", "baz")
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            agent = http.Agent(port=port, max_sockets=1)

            def on_response(res):
                assert res.status_code == 200
                assert res.headers["x-date"] == "foo"
                assert res.headers["x-connection"] == "bar"
                assert res.headers["x-content-length"] == "baz"
                assert res.headers["date"]
                assert res.headers["connection"] == "keep-alive"
                assert res.headers["content-length"] == "0"
                res.resume()
                server.close()
                agent.destroy()

            http.get(at(port, path="/hello", agent=agent), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
