# Port of Node v20 test/parallel/test-https-connecting-to-http.js.
# Deviations: the client connects to 127.0.0.1; Node prints the error's
# message, the port checks there is one.
from nodekit import http, https
from tests.node._common import at


def test_an_https_client_against_an_http_server_errors(common):
    def main():
        server = http.create_server(common.must_not_call("request"))

        def go(port):
            req = https.get(at(port), common.must_not_call("response"))

            def on_error(err):
                assert str(err)
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)
