# Port of Node v20 test/parallel/test-http-keep-alive-max-requests.js.
# Deviations: none.
import re

from nodekit import http, net

BODY = "This is my request"


def _assert_response(headers, body, expect_closed=False):
    if expect_closed:
        assert re.search(r"Connection: close\r\n", headers + "\r\n")
        assert "Keep-Alive: timeout=5\r\n" not in headers + "\r\n"
    else:
        assert re.search(r"Connection: keep-alive\r\n", headers + "\r\n")
        assert re.search(r"Keep-Alive: timeout=5, max=3\r\n", headers + "\r\n")
    assert "Hello World!" in body


def _write_request(socket, with_body=False):
    if with_body:
        socket.write("POST / HTTP/1.1\r\n")
        socket.write("Connection: keep-alive\r\n")
        socket.write("Content-Type: text/plain\r\n")
        socket.write("Host: localhost\r\n")
        socket.write(f"Content-Length: {len(BODY)}\r\n\r\n")
        socket.write(f"{BODY}\r\n")
        socket.write("\r\n\r\n")
    else:
        socket.write("GET / HTTP/1.1\r\n")
        socket.write("Connection: keep-alive\r\n")
        socket.write("Host: localhost\r\n")
        socket.write("\r\n\r\n")


def test_third_request_on_a_socket_gets_connection_close(common):
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
        server.max_requests_per_socket = 3

        def initial(socket, n, cb):
            buf = []
            left = [n]
            _write_request(socket)

            def on_data(data):
                buf.append(bytes(data).decode())
                text = "".join(buf)
                if text.endswith("\r\n\r\n"):
                    left[0] -= 1
                    if left[0] == 0:
                        socket.remove_all_listeners("data")
                        cb()
                    else:
                        headers, body = text.strip().split("\r\n\r\n")
                        _assert_response(headers, body)
                        buf.clear()
                        _write_request(socket, True)

            socket.on("data", on_data)

        def go(port):
            socket = net.Socket()
            another = net.Socket()
            socket.on("end", common.must_call(lambda: server.close()))

            def after_another():
                buf = []

                def on_data(data):
                    buf.append(bytes(data).decode())
                    text = "".join(buf)
                    if text.endswith("\r\n\r\n"):
                        headers, body = text.strip().split("\r\n\r\n")
                        _assert_response(headers, body, True)
                        another.end()
                        socket.end()

                socket.on("data", common.must_call_at_least(on_data))
                _write_request(socket, True)

            socket.on("ready", common.must_call(lambda: initial(socket, 2, common.must_call(
                lambda: another.connect({"port": port, "host": common.HOST})))))
            another.on("ready", common.must_call(
                lambda: initial(another, 2, common.must_call(after_another))))
            socket.connect({"port": port, "host": common.HOST})

        common.listen(server, go)

    common.run(main)
