# Port of Node v20 test/parallel/test-http-localaddress.js.
# Deviations: Node skips unless 127.0.0.2 is a local address
# (common.hasMultiLocalhost: Linux routes all of 127/8 to lo, as here).
import sys

import pytest

from nodekit import http


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="platform-specific test")
def test_the_request_leaves_from_its_local_address(common):
    def main():
        def handler(req, res):
            assert req.connection.remote_address == "127.0.0.2"

            def on_end(*_):
                res.write_head(200, {"Content-Type": "text/plain"})
                res.end(f"You are from: {req.connection.remote_address}")

            req.on("end", on_end)
            req.resume()

        server = http.create_server(common.must_call(handler))

        def go():
            options = {"host": "localhost", "port": server.address()["port"], "family": 4,
                       "path": "/", "method": "GET", "local_address": "127.0.0.2"}

            def on_response(res):
                res.on("end", lambda *_: server.close())
                res.resume()

            http.request(options, common.must_call(on_response)).end()

        server.listen(0, "127.0.0.1", go)

    common.run(main)
