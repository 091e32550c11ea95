# Port of Node v20 test/parallel/test-http-conn-reset.js.
# Deviations: NODE_DEBUG=http (only logging) is left out.
from nodekit import http, net


def test_connection_closed_before_a_response_is_econnreset(common):
    def main():
        def on_connection(client):
            client.destroy()
            server.close()

        server = net.create_server(on_connection)

        def go(port):
            req = http.request({"host": common.HOST, "port": port}, common.must_not_call())
            req.on("error", common.must_call(lambda err: _code(err, "ECONNRESET")))
            req.end()

        common.listen(server, go)

    common.run(main)


def _code(err, code):
    assert err.code == code
