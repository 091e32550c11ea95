# Port of Node v20 test/parallel/test-http-socket-encoding-error.js.
# Deviations: the client socket is made with net.connect (Node uses
# Agent.createConnection(port, cb), an undocumented call form).
from nodekit import http, net
from tests.node._common import raises


def test_set_encoding_on_an_http_server_socket_throws(common):
    def main():
        server = http.create_server()

        def on_connection(socket):
            raises(lambda: socket.set_encoding(""), code="ERR_HTTP_SOCKET_ENCODING",
                   message="Changing the socket encoding is not allowed per RFC7230 Section 3.")
            socket.end()

        server.on("connection", common.must_call(on_connection))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("connect", lambda: client.end())
            client.on("end", common.must_call(lambda: server.close()))
            client.resume()

        common.listen(server, go)

    common.run(main)
