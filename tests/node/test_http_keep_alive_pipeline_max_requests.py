# Port of Node v20 test/parallel/test-http-keep-alive-pipeline-max-requests.js.
# Deviations: none.
import re

from nodekit import http, net

BODY_SENT = "This is my request"


def _assert_response(headers, body, expect_closed=False):
    if expect_closed:
        assert re.search(r"Connection: close\r\n", headers, re.M)
        assert not re.search(r"Keep-Alive: timeout=5, max=3\r\n", headers, re.M)
    else:
        assert re.search(r"Connection: keep-alive\r\n", headers, re.M)
        assert re.search(r"Keep-Alive: timeout=5, max=3\r\n", headers, re.M)
    assert re.search(r"Hello World!", body, re.M)


def _write_request(socket):
    socket.write("POST / HTTP/1.1\r\n")
    socket.write("Host: localhost\r\n")
    socket.write("Connection: keep-alive\r\n")
    socket.write("Content-Type: text/plain\r\n")
    socket.write(f"Content-Length: {len(BODY_SENT)}\r\n\r\n")
    socket.write(f"{BODY_SENT}\r\n")
    socket.write("\r\n\r\n")


def test_the_fourth_pipelined_request_gets_503(common):
    def main():
        def handler(req, res):
            body = [""]

            def on_data(data):
                body[0] += bytes(data).decode()

            def on_end(*_):
                if req.method == "POST":
                    assert body[0] == BODY_SENT
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("Hello World!")
                res.end()

            req.on("data", on_data)
            req.on("end", on_end)

        server = http.create_server(handler)
        server.max_requests_per_socket = 3

        def go(port):
            socket = net.Socket()
            socket.on("end", common.must_call(lambda *_: server.close()))

            def on_ready(*_):
                for _ in range(4):
                    _write_request(socket)

            socket.on("ready", common.must_call(on_ready))
            buffer = [""]
            checked = common.must_call()  # (the port's: the eight parts did come)

            def on_data(data):
                buffer[0] += bytes(data).decode()
                parts = buffer[0].strip().split("\r\n\r\n")
                if len(parts) == 8:
                    _assert_response(parts[0], parts[1])
                    _assert_response(parts[2], parts[3])
                    _assert_response(parts[4], parts[5], True)
                    assert re.search(r"HTTP/1\.1 503 Service Unavailable", parts[6], re.M)
                    assert re.search(r"Connection: close\r\n", parts[6], re.M)
                    assert not re.search(r"Keep-Alive: timeout=5\r\n", parts[6], re.M)
                    assert not re.search(r"Hello World!", parts[7], re.M)
                    checked()
                    socket.end()

            socket.on("data", on_data)
            socket.connect({"port": port, "host": "127.0.0.1"})

        common.listen(server, go)

    common.run(main)
