# Port of Node v20 test/parallel/test-https-localaddress-bind-error.js.
# Deviations: host 127.0.0.1 rather than localhost; Node prints the error's
# message. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_unbindable_local_address_is_an_error(common):
    def main():
        def handler(req, res):
            req.on("end", lambda: res.end(f"You are from: {req.connection.remote_address}"))
            req.resume()

        server = https.create_server(agent1_options(), handler)

        def go(port):
            def on_error(err):
                assert str(err)
                server.close()

            req = https.request(at(port, path="/", method="GET", local_address="1.2.3.4"),
                                common.must_not_call("unexpectedly got response from server"))
            req.on("error", common.must_call(on_error))
            req.end()

        common.listen(server, go)

    common.run(main)
