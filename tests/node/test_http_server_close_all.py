# Port of Node v20 test/parallel/test-http-server-close-all.js.
# Deviations: Node's 1.5 s mustNotCall timer is the watchdog.
from nodekit import http, net


def test_close_all_connections_closes_idle_and_active(common):
    def main():
        connections = []

        def handler(req, res):
            res.write_head(200, {"Connection": "keep-alive"})
            res.end()

        server = http.create_server({"headers_timeout": 0, "keep_alive_timeout": 0,
                                     "request_timeout": 60000}, common.must_call(handler))
        server.on("connection", connections.append)

        def go(port):
            client1 = net.connect(port, common.HOST)

            def on_connect():
                client2 = net.connect(port, common.HOST)
                response = []
                client2.set_encoding("utf8")

                def on_data(chunk):
                    response.append(chunk)
                    text = "".join(response)
                    if text.endswith("0\r\n\r\n"):
                        assert text.startswith("HTTP/1.1 200 OK\r\nConnection: keep-alive")
                        assert len(connections) == 2
                        server.close_all_connections()
                        server.close(common.must_call())

                client2.on("data", common.must_call_at_least(on_data))
                client2.on("close", common.must_call())
                client2.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")

            client1.on("connect", common.must_call(on_connect))
            client1.on("close", common.must_call())
            client1.on("error", lambda err: None)
            client1.write("GET / HTTP/1.1")

        common.listen(server, go)

    common.run(main, timeout=3)
