# Port of Node v20 test/parallel/test-http-eof-on-connect.js.
# Deviations: none.
from nodekit import http, net


def test_connection_closed_at_once_makes_no_request(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            conn = net.create_connection(port, common.HOST)
            conn.on("connect", lambda: conn.destroy())
            conn.on("close", common.must_call(lambda *a: server.close()))

        common.listen(server, go)

    common.run(main)
