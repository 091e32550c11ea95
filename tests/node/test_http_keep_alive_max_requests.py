# Port of Node v20 test/parallel/test-http-keep-alive-max-requests.js.
# Deviations: none.
# The server and requests are shared: tests/node/_twins/keep_alive_requests.py.
import re

from nodekit import net
from tests.node._twins.keep_alive_requests import hello_world_server, write_request


def _assert_response(headers, body, expect_closed=False):
    if expect_closed:
        assert re.search(r"Connection: close\r\n", headers + "\r\n")
        assert "Keep-Alive: timeout=5\r\n" not in headers + "\r\n"
    else:
        assert re.search(r"Connection: keep-alive\r\n", headers + "\r\n")
        assert re.search(r"Keep-Alive: timeout=5, max=3\r\n", headers + "\r\n")
    assert "Hello World!" in body


def test_third_request_on_a_socket_gets_connection_close(common):
    def main():
        server = hello_world_server()
        server.max_requests_per_socket = 3

        def initial(socket, n, cb):
            buf = []
            left = [n]
            write_request(socket)

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
                        write_request(socket, True)

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
                write_request(socket, True)

            socket.on("ready", common.must_call(lambda: initial(socket, 2, common.must_call(
                lambda: another.connect({"port": port, "host": common.HOST})))))
            another.on("ready", common.must_call(
                lambda: initial(another, 2, common.must_call(after_another))))
            socket.connect({"port": port, "host": common.HOST})

        common.listen(server, go)

    common.run(main)
