# Port of Node v20 test/parallel/test-http-server-close-idle.js.
# Deviations: the check runs 200 ms after close() (Node: 500 ms).
from nodekit import http, net, set_timeout


def test_close_ends_idle_connections_and_spares_a_partial_request(common):
    def main():
        connections = []
        closed = {"c1": False, "c2": False}

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

                def later():
                    assert not closed["c1"]
                    assert closed["c2"]
                    server.close_all_connections()
                    server.close(common.must_call())

                def on_data(chunk):
                    response.append(chunk)
                    text = "".join(response)
                    if text.endswith("0\r\n\r\n"):
                        assert text.startswith("HTTP/1.1 200 OK\r\nConnection: keep-alive")
                        assert len(connections) == 2
                        server.close(common.must_call())
                        set_timeout(common.must_call(later), 200).unref()

                client2.on("data", common.must_call_at_least(on_data))
                client2.on("close", common.must_call(lambda *a: closed.__setitem__("c2", True)))
                client2.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")

            client1.on("connect", common.must_call(on_connect))
            client1.on("close", common.must_call(lambda *a: closed.__setitem__("c1", True)))
            client1.on("error", lambda err: None)
            client1.write("GET / HTTP/1.1")

        common.listen(server, go)

    common.run(main)
