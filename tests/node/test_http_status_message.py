# Port of Node v20 test/parallel/test-http-status-message.js.
# Deviations: none; the status line is checked on the wire.
from nodekit import http, net


def test_custom_status_message_on_the_wire(common):
    def main():
        def handler(req, res):
            res.status_code = 200
            res.status_message = "Custom Message"
            res.end("")

        server = http.create_server(common.must_call(handler))

        def go(port):
            bufs = []
            client = net.connect(port, common.HOST)
            client.on("connect", lambda: client.write(
                "GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"))
            client.on("data", bufs.append)

            def on_end():
                head = b"".join(bufs).decode("latin-1").split("\r\n")[0]
                assert head == "HTTP/1.1 200 Custom Message"
                server.close()

            client.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
