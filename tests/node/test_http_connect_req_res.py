# Port of Node v20 test/parallel/test-http-connect-req-res.js.
# Deviations: Node checks the private `socket.ondata`/`onend`; the port
# checks the public listener counts only. Node's host is `localhost`; the
# port uses 127.0.0.1.
from nodekit import http
from tests.node._common import HOST


def test_connect_response_and_data_both_ways(common):
    def main():
        server = http.create_server(common.must_not_call())

        def on_server_connect(req, socket, first_body_chunk):
            assert req.method == "CONNECT"
            assert req.url == "example.com:443"
            # The server may send data for the client with the CONNECT response.
            socket.write("HTTP/1.1 200 Connection established\r\n"
                         "Date: Tue, 15 Nov 1994 08:12:31 GMT\r\n"
                         "\r\n"
                         "Head")
            data = [bytes(first_body_chunk).decode()]
            socket.on("data", lambda buf: data.append(bytes(buf).decode()))
            socket.on("end", lambda *_: socket.end("".join(data)))

        server.on("connect", common.must_call(on_server_connect))

        def go(port):
            req = http.request({"host": HOST, "port": port, "method": "CONNECT",
                                "path": "example.com:443"}, common.must_not_call())
            assert req.destroyed is False
            req.on("close", common.must_call(lambda *_: _is(req.destroyed, True)))

            def on_connect(res, socket, first_body_chunk):
                # The request left the pool.
                name = f"{HOST}:{port}"
                assert name not in http.global_agent.sockets
                assert name not in http.global_agent.requests
                # The socket has detached.
                assert len(socket.listeners("connect")) == 0
                assert len(socket.listeners("data")) == 0
                data = [bytes(first_body_chunk).decode()]
                # The first body chunk was not parsed as HTTP.
                assert data[0] == "Head"
                socket.on("data", lambda buf: data.append(bytes(buf).decode()))

                def on_end(*_):
                    assert "".join(data) == "HeadRequestEnd"
                    server.close()

                socket.on("end", on_end)
                socket.end("End")

            req.on("connect", common.must_call(on_connect))
            req.end("Request")

        common.listen(server, go)

    common.run(main)


def _is(a, b):
    assert a is b, (a, b)
