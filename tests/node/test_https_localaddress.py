# Port of Node v20 test/parallel/test-https-localaddress.js.
# Deviations: Node skips unless 127.0.0.2 is a local address
# (common.hasMultiLocalhost: Linux routes all of 127/8 to lo, as here); the
# client connects to 127.0.0.1 (Node: localhost with family 4). The agent1
# certificate is made at run time.
import sys

import pytest

from nodekit import https
from tests.node._tls import agent1_options


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="platform-specific test")
def test_the_request_leaves_from_its_local_address(common):
    def main():
        def handler(req, res):
            assert req.connection.remote_address == "127.0.0.2"

            def on_end():
                res.write_head(200, {"Content-Type": "text/plain"})
                res.end(f"You are from: {req.connection.remote_address}")

            req.on("end", on_end)
            req.resume()

        server = https.create_server(agent1_options(), common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("end", lambda: server.close())
                res.resume()

            req = https.request({"host": common.HOST, "port": port, "family": 4, "path": "/",
                                 "method": "GET", "local_address": "127.0.0.2",
                                 "reject_unauthorized": False}, common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)
