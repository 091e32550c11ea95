# Port of Node v20 test/parallel/test-http-upgrade-server.js.
# Deviations: Node's testServer (http.Server.call(this) and a shared
# prototype) is a Python subclass of http.Server; the process 'exit' checks
# run after the loop went idle.
from nodekit import http, net


class _TestServer(http.Server):
    def __init__(self, counts):
        super().__init__(lambda req, res: None)
        self.upgrade_head = None
        self.on("connection", lambda *_: counts.__setitem__("recv", counts["recv"] + 1))
        self.on("request", self._on_request)
        self.on("upgrade", self._on_upgrade)

    def _on_request(self, req, res):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.write("okay")
        res.end()

    def _on_upgrade(self, req, socket, upgrade_head):
        socket.write("HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                     "Upgrade: WebSocket\r\n"
                     "Connection: Upgrade\r\n"
                     "\r\n\r\n")
        self.upgrade_head = upgrade_head

        def on_data(d):
            data = bytes(d).decode("utf8")
            if data == "kill":
                socket.end()
            else:
                socket.write(data, "utf8")

        socket.on("data", on_data)


def test_upgrade_with_and_without_listener_then_plain_http(common):
    counts = {"recv": 0, "sent": 0}

    def main():
        server = _TestServer(counts)

        def write_req(socket, data):
            counts["sent"] += 1
            socket.write(data)

        def test_upgrade_with_listener():
            conn = net.create_connection(server.address()["port"], common.HOST)
            conn.set_encoding("utf8")
            state = {"n": 0}
            conn.on("connect", lambda: write_req(
                conn, "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: WebSocket\r\n"
                      "Connection: Upgrade\r\n\r\nWjN}|M(6"))

            def on_data(data):
                state["n"] += 1
                assert isinstance(data, str)
                if state["n"] == 1:
                    assert data[:12] == "HTTP/1.1 101"
                    assert bytes(server.upgrade_head).decode("utf8") == "WjN}|M(6"
                    conn.write("test", "utf8")
                elif state["n"] == 2:
                    assert data == "test"
                    conn.write("kill", "utf8")

            conn.on("data", on_data)

            def on_end():
                assert state["n"] == 2
                conn.end()
                server.remove_all_listeners("upgrade")
                test_upgrade_no_listener()

            conn.on("end", common.must_call(on_end))

        def test_upgrade_no_listener():
            conn = net.create_connection(server.address()["port"], common.HOST)
            conn.set_encoding("utf8")
            conn.on("connect", lambda: write_req(
                conn, "GET / HTTP/1.1\r\nHost: example.com\r\nUpgrade: WebSocket\r\n"
                      "Connection: Upgrade\r\n\r\n"))

            def on_data(data):
                assert isinstance(data, str)
                assert data[:12] == "HTTP/1.1 200"
                conn.end()

            conn.once("data", on_data)
            conn.on("close", common.must_call(lambda *_: test_standard_http()))

        def test_standard_http():
            conn = net.create_connection(server.address()["port"], common.HOST)
            conn.set_encoding("utf8")
            conn.on("connect", lambda: write_req(
                conn, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"))

            def on_data(data):
                assert isinstance(data, str)
                assert data[:12] == "HTTP/1.1 200"
                conn.end()

            conn.once("data", on_data)
            conn.on("close", common.must_call(lambda *_: server.close()))

        server.listen(0, common.HOST, test_upgrade_with_listener)

    common.run(main)
    assert counts["recv"] == 3
    assert counts["sent"] == 3
