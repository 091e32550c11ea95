# Port of Node v20 test/parallel/test-http-server-unconsume.js.
# Deviations: the listener methods are on, add_listener and prepend_listener.
import pytest

from nodekit import http, net


@pytest.mark.parametrize("method", ["on", "add_listener", "prepend_listener"])
def test_a_data_listener_on_the_socket_gets_the_bytes_after_the_request(common, method):
    received = []

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()
            getattr(req.socket, method)("data", lambda data: received.append(bytes(data)))
            server.close()

        server = http.create_server(handler)

        def go(port):
            def on_connect():
                socket.write("PUT / HTTP/1.1\r\nHost: example.com\r\n\r\n")
                socket.once("data", lambda *_: socket.end("hello world"))

            socket = net.connect(port, common.HOST, on_connect)
            socket.on("end", common.must_call(
                lambda: _eq(b"".join(received), b"hello world", method)))

        common.listen(server, go)

    common.run(main)


def _eq(got, want, method):
    assert got == want, f"failed for socket.{method}"
