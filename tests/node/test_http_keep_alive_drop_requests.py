# Port of Node v20 test/parallel/test-http-keep-alive-drop-requests.js.
# Deviations: none.
from nodekit import http, net


def _request(socket):
    socket.write("GET / HTTP/1.1\r\n")
    socket.write("Connection: keep-alive\r\n")
    socket.write("Host: localhost\r\n")
    socket.write("\r\n\r\n")


def test_request_past_max_requests_per_socket_is_dropped(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("ok")))

        def on_drop(request, socket):
            assert isinstance(request, http.IncomingMessage)
            assert isinstance(socket, net.Socket)
            server.close()

        server.on("dropRequest", common.must_call(on_drop))
        server.max_requests_per_socket = 1

        def go(port):
            socket = net.connect(port, common.HOST)
            socket.on("connect", common.must_call(lambda: (_request(socket), _request(socket))))
            socket.on("data", common.must_call_at_least())
            socket.on("close", common.must_call())

        common.listen(server, go)

    common.run(main)
