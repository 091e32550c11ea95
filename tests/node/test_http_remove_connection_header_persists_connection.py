# Port of Node v20 test/parallel/test-http-remove-connection-header-persists-connection.js.
# Deviations: none.
from nodekit import http, net, next_tick, set_timeout
from tests.node._common import at


def test_removed_connection_header_keeps_1_1_alive_and_closes_1_0(common):
    def main():
        def handler(request, response):
            response.remove_header("connection")
            response.end("beep boop\n")

        server = http.create_server(handler)
        agent = http.Agent(keep_alive=True)

        def http11(port, cb):
            def on_response(res):
                socket = res.socket
                assert res.status_code == 200
                assert res.headers.get("connection") is None
                res.set_encoding("ascii")
                out = []
                res.on("data", out.append)

                def on_end():
                    assert "".join(out) == "beep boop\n"
                    next_tick(cb, socket)

                res.on("end", on_end)

            http.get(at(port, agent=agent), on_response)

        def http10(port, cb):
            def on_connect():
                socket.write(f"GET / HTTP/1.0\r\nHost: localhost:{port}\r\n\r\n")
                socket.resume()
                set_timeout(lambda: cb(socket), 50)

            socket = net.connect(port, common.HOST)
            socket.on("connect", on_connect)

        def go(port):
            def after_10(socket):
                assert socket.closed is True
                server.close()
                agent.destroy()

            def after_second(first, second):
                assert first is second
                http10(port, common.must_call(after_10))

            def after_first(first):
                http11(port, common.must_call(lambda second: after_second(first, second)))

            http11(port, common.must_call(after_first))

        common.listen(server, go)

    common.run(main)
