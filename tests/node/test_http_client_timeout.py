# Port of Node v20 test/parallel/test-http-client-timeout.js.
# Deviations: 'close' is a must_call (Node relies on the process not hanging).
from nodekit import http


def test_set_timeout_returns_the_request_and_destroy_closes_it(common):
    def main():
        server = http.create_server(lambda req, res: None)

        def go(port):
            req = http.request({"method": "GET", "host": common.HOST, "port": port, "path": "/"},
                               lambda res: None)

            def on_close():
                assert req.destroyed is True
                server.close()

            req.on("close", common.must_call(on_close))

            def destroy(*_):
                req.destroy()

            s = req.set_timeout(1, destroy)
            assert isinstance(s, http.ClientRequest)
            req.on("error", destroy)
            req.end()

        common.listen(server, go)

    common.run(main)
