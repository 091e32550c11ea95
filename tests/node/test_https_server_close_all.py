# Port of Node v20 test/parallel/test-https-server-close-all.js.
# Deviations: Node passes {headersTimeout, keepAliveTimeout, requestTimeout}
# as a third argument that https.createServer ignores: left out. Node's
# platformTimeout(1500) is 1500. The clients connect to 127.0.0.1 (Node:
# localhost). The agent1 certificate is made at run time.
from nodekit import https, set_timeout, tls
from tests.node._tls import agent1_options


def test_close_all_connections_then_close(common):
    def main():
        connections = [0]

        def handler(req, res):
            res.write_head(200, {"Connection": "keep-alive"})
            res.end()

        server = https.create_server(agent1_options(), common.must_call(handler))
        server.on("connection", lambda *_: connections.__setitem__(0, connections[0] + 1))

        def go(port):
            options = {"host": common.HOST, "port": port, "reject_unauthorized": False}
            # A first request that never ends
            client1 = tls.connect(options)

            def on_connect1():
                # A second one that ends, its connection kept open by keep-alive
                client2 = tls.connect(options)
                response = []
                client2.set_encoding("utf8")

                def on_data(chunk):
                    response.append(chunk)
                    text = "".join(response)
                    if text.endswith("0\r\n\r\n"):
                        assert text.startswith("HTTP/1.1 200 OK\r\nConnection: keep-alive")
                        assert connections[0] == 2
                        server.close_all_connections()
                        server.close(common.must_call())
                        # never fires: close() shut everything down
                        set_timeout(common.must_not_call("timer"), 1500).unref()

                client2.on("data", common.must_call_at_least(on_data))
                client2.on("close", common.must_call())
                client2.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")

            client1.on("connect", common.must_call(on_connect1))
            client1.on("close", common.must_call())
            client1.on("error", lambda err: None)
            client1.write("GET / HTTP/1.1")

        common.listen(server, go)

    common.run(main)
