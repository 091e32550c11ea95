# Port of Node v20 test/parallel/test-http-request-agent.js.
# Deviations: the fixtures' agent1 key/cert are a throw-away certificate for
# localhost/127.0.0.1 made by tests/https/tls_certs.py (reject_unauthorized
# is False, as in Node, so the issuer does not matter).
import pytest

from nodekit import https
from tests.node._common import at

tls_certs = pytest.importorskip("tests.https.tls_certs")


def test_https_get_with_agent_false(common):
    def main():
        pair = tls_certs.certs().server

        def handler(req, res):
            res.write_head(200)
            res.end("hello world\n")

        server = https.create_server({"key": pair.key, "cert": pair.cert}, handler)

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            req = https.get(at(port, agent=False, path="/", reject_unauthorized=False),
                            common.must_call(on_response))
            req.on("error", common.must_not_call("error"))

        common.listen(server, go)

    common.run(main)
