# Port of Node v20 test/parallel/test-http-server-request-timeout-upgrade.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms). The Upgrade request has a Host header: without one NodeKit
# answers 400 (API.md: stricter Host rules; see the port of
# test-http-upgrade-server2), where Node v20 emits 'upgrade'.
from nodekit import http, net, set_timeout

REQUEST_TIMEOUT = 200


def test_an_upgraded_socket_is_not_cut_off_by_request_timeout(common):
    def main():
        box = {}
        server = http.create_server({"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT,
                                     "keep_alive_timeout": 0,
                                     "connections_checking_interval": REQUEST_TIMEOUT // 4},
                                    common.must_not_call("request"))

        def on_connection(socket):
            assert callable(box.get("send"))
            box["send"]()

        server.on("connection", common.must_call(on_connection))
        assert server.request_timeout == REQUEST_TIMEOUT

        def on_upgrade(req, socket, head):
            socket.write("HTTP/1.1 101 Web Socket Protocol Handshake\r\n")
            socket.write("Upgrade: WebSocket\r\n")
            socket.write("Connection: Upgrade\r\n\r\n")
            socket.pipe(socket)

        server.on("upgrade", common.must_call(on_upgrade))

        def go(port):
            client = net.connect(port, common.HOST)
            response = []
            client.set_encoding("utf8")
            client.on("data", common.must_call_at_least(response.append))

            def on_end():
                assert "".join(response) == ("HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                                             "Upgrade: WebSocket\r\n"
                                             "Connection: Upgrade\r\n\r\n"
                                             "12345678901234567890")
                server.close()

            client.on("end", common.must_call(on_end))
            client.resume()
            client.write("GET / HTTP/1.1\r\n")
            client.write("Host: example.com\r\n")
            client.write("Upgrade: WebSocket\r\n")
            client.write("Connection: Upgrade\r\n\r\n")

            def send():
                def later():
                    client.write("12345678901234567890")
                    client.end()

                set_timeout(later, REQUEST_TIMEOUT * 2).unref()

            box["send"] = common.must_call(send)

        common.listen(server, go)

    common.run(main)
