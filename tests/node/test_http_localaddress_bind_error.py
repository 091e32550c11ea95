# Port of Node v20 test/parallel/test-http-localaddress-bind-error.js.
# Deviations: host 127.0.0.1 rather than localhost.
from nodekit import http
from tests.node._common import at


def test_unbindable_local_address_is_an_error(common):
    def main():
        def handler(req, res):
            req.on("end", lambda: res.end("x"))
            req.resume()

        server = http.create_server(handler)

        def go(port):
            req = http.request(at(port, path="/", method="GET", local_address="1.2.3.4"),
                               common.must_not_call("unexpectedly got response from server"))
            req.on("error", common.must_call(lambda e: server.close())).end()

        common.listen(server, go)

    common.run(main)
