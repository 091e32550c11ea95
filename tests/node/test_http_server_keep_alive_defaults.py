# Port of Node v20 test/parallel/test-http-server-keep-alive-defaults.js.
# Deviations: none.
import re

from nodekit import http, net

BODY = "This is my request"


def _assert_response(headers, body):
    assert re.search(r"Connection: keep-alive\r\n", headers + "\r\n")
    assert re.search(r"Keep-Alive: timeout=5\r\n", headers + "\r\n")
    assert "Hello World!" in body


def _write_request(socket):
    socket.write("POST / HTTP/1.1\r\n")
    socket.write("Connection: keep-alive\r\n")
    socket.write("Host: localhost\r\n")
    socket.write("Content-Type: text/plain\r\n")
    socket.write(f"Content-Length: {len(BODY)}\r\n\r\n")
    socket.write(f"{BODY}\r\n")
    socket.write("\r\n\r\n")


def test_four_pipelined_posts_keep_the_default_keep_alive(common):
    def main():
        def handler(req, res):
            body = []
            req.on("data", body.append)

            def on_end():
                if req.method == "POST":
                    assert b"".join(body).decode() == BODY
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("Hello World!")
                res.end()

            req.on("end", on_end)

        server = http.create_server(handler)

        def go(port):
            assert server.max_requests_per_socket == 0
            socket = net.Socket()
            socket.on("end", common.must_call(lambda: server.close()))
            socket.on("ready", common.must_call(lambda: [_write_request(socket)
                                                         for _ in range(4)]))
            buf = []
            done = [False]

            def on_data(data):
                buf.append(bytes(data).decode())
                parts = "".join(buf).strip().split("\r\n\r\n")
                if len(parts) == 8 and not done[0]:
                    done[0] = True
                    for i in range(0, 8, 2):
                        _assert_response(parts[i], parts[i + 1])
                    socket.end()

            socket.on("data", on_data)
            socket.connect({"port": port, "host": common.HOST})

        common.listen(server, go)

    common.run(main)
