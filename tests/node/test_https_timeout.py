# Port of Node v20 test/parallel/test-https-timeout.js.
# Deviations: the client connects to 127.0.0.1 (Node: localhost); Node's
# console.log lines are left out. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_request_set_timeout_then_destroy_is_a_hang_up(common):
    def main():
        server = https.create_server(agent1_options(), lambda req, res: None)

        def go(port):
            req = https.request(at(port, path="/", method="GET", reject_unauthorized=False))
            req.set_timeout(10)
            req.end()
            req.on("error", common.expects_error(code="ECONNRESET", message="socket hang up"))

            def on_timeout():
                req.destroy()
                server.close()

            req.on("timeout", common.must_call(on_timeout))

        common.listen(server, go)

    common.run(main)
