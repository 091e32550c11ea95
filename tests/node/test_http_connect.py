# Port of Node v20 test/parallel/test-http-connect.js.
# Deviations: Node checks the private `socket._httpMessage` (the request on
# 'socket', null on 'connect') and `socket.ondata`/`onend`; the port checks
# the public counterparts: req.socket is the socket on 'socket' and the
# request lets go of it on 'connect'. Node's host is `localhost`; the port
# uses 127.0.0.1 (the pool name checked is the request's). Node counts one
# 'end' listener on each detached socket: net.Socket's own
# onReadableStreamEnd, a Node internal that NodeKit's socket has no need of;
# the port checks every other count.
from nodekit import http
from tests.node._common import HOST


def test_connect_hands_a_detached_socket_to_both_sides(common):
    def main():
        server = http.create_server(common.must_not_call())

        def on_server_connect(req, socket, first_body_chunk):
            assert req.method == "CONNECT"
            assert req.url == "google.com:443"
            # The socket has detached.
            assert socket.listener_count("close") == 0
            assert socket.listener_count("drain") == 0
            assert socket.listener_count("data") == 0
            assert socket.listener_count("error") == 0
            assert socket.listener_count("timeout") == 0
            socket.write("HTTP/1.1 200 Connection established\r\n\r\n")
            data = [bytes(first_body_chunk).decode()]
            socket.on("data", lambda buf: data.append(bytes(buf).decode()))
            socket.on("end", common.must_call(lambda *_: socket.end("".join(data))))

        server.on("connect", common.must_call(on_server_connect))

        def go(port):
            req = http.request({"host": HOST, "port": port, "method": "CONNECT",
                                "path": "google.com:443", "timeout": 20000},
                               common.must_not_call())
            req.on("socket", common.must_call(lambda socket: _is(req.socket, socket)))
            assert req.destroyed is False
            req.on("close", common.must_call(lambda *_: _is(req.destroyed, True)))

            def on_connect(res, socket, first_body_chunk):
                # The request left the pool.
                name = f"{HOST}:{port}:"
                assert name not in http.global_agent.sockets
                assert name not in http.global_agent.requests
                # The socket has detached.
                for event, n in (("connect", 0), ("data", 0), ("drain", 0),
                                 ("free", 0), ("close", 0), ("error", 0),
                                 ("agentRemove", 0), ("timeout", 0)):
                    assert socket.listener_count(event) == n, (event, socket.listeners(event))
                data = [bytes(first_body_chunk).decode()]
                socket.on("data", lambda buf: data.append(bytes(buf).decode()))

                def on_end(*_):
                    assert "".join(data) == "HeadBody"
                    server.close()

                socket.on("end", common.must_call(on_end))
                socket.write("Body")
                socket.end()

            req.on("connect", common.must_call(on_connect))
            # The client may send data meant for the server before the
            # "200 Connection established" (or any other answer) comes.
            req.write("Head")
            req.end()

        common.listen(server, go)

    common.run(main)


def _is(a, b):
    assert a is b, (a, b)
