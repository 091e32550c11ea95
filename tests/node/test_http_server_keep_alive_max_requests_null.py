# Port of Node v20 test/parallel/test-http-server-keep-alive-max-requests-null.js.
# Deviations: server.maxRequestsPerSocket = null is max_requests_per_socket = None.
import re

from nodekit import http, net

BODY_SENT = "This is my request"


def _assert_response(headers, body):
    assert re.search(r"Connection: keep-alive\r\n", headers + "\r\n")
    assert re.search(r"Keep-Alive: timeout=5\r\n", headers + "\r\n")
    assert re.search(r"Hello World!", body)


def _write_request(socket):
    socket.write("POST / HTTP/1.1\r\n")
    socket.write("Connection: keep-alive\r\n")
    socket.write("Host: localhost\r\n")
    socket.write("Content-Type: text/plain\r\n")
    socket.write(f"Content-Length: {len(BODY_SENT)}\r\n\r\n")
    socket.write(f"{BODY_SENT}\r\n")
    socket.write("\r\n\r\n")


def test_no_limit_keeps_every_response_keep_alive(common):
    def main():
        def handler(req, res):
            body = []
            req.on("data", lambda data: body.append(bytes(data).decode()))

            def on_end():
                if req.method == "POST":
                    assert "".join(body) == BODY_SENT
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("Hello World!")
                res.end()

            req.on("end", on_end)

        server = http.create_server(handler)
        server.max_requests_per_socket = None

        def go(port):
            socket = net.Socket()
            socket.on("end", common.must_call(lambda: server.close()))

            def on_ready():
                for _ in range(4):
                    _write_request(socket)

            socket.on("ready", common.must_call(on_ready))
            buffer = []

            def on_data(data):
                buffer.append(bytes(data).decode())
                parts = "".join(buffer).strip().split("\r\n\r\n")
                if len(parts) == 8:
                    for i in range(0, 8, 2):
                        _assert_response(parts[i], parts[i + 1])
                    socket.end()

            socket.on("data", on_data)
            socket.connect({"port": port, "host": common.HOST})

        common.listen(server, go)

    common.run(main)
