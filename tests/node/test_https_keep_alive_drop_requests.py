# Port of Node v20 test/parallel/test-https-keep-alive-drop-requests.js.
# Deviations: tls.connect goes to 127.0.0.1; the agent1 certificate is made
# at run time (tests/node/_tls.py).
from nodekit import http, https, net, tls
from tests.node._tls import agent1_options


def _request(socket):
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n\r\n")


def test_request_past_max_requests_per_socket_is_dropped(common):
    def main():
        server = https.create_server(agent1_options(),
                                     common.must_call(lambda req, res: res.end("ok")))

        def on_drop(request, socket):
            assert isinstance(request, http.IncomingMessage)
            assert isinstance(socket, net.Socket)
            server.close()

        server.on("dropRequest", common.must_call(on_drop))
        server.max_requests_per_socket = 1

        def go(port):
            def on_secure():
                _request(socket)
                _request(socket)
                socket.on("error", common.must_not_call("error"))
                socket.on("data", common.must_call_at_least())
                socket.on("close", common.must_call())

            socket = tls.connect(port, common.HOST, {"reject_unauthorized": False},
                                 common.must_call(on_secure))

        common.listen(server, go)

    common.run(main)
