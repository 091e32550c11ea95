# Port of Node v20 test/parallel/test-http-agent-reuse-drained-socket-only.js.
# Deviations: 16 MiB per write instead of 64 MiB (still far over the TCP
# send buffer of a peer that reads nothing; Python copies the bytes); the
# Windows branch and the libuv report print are left out; Node's
# process.exit(0) at the end is: destroy the agent, the server's sockets and
# close the server.
import math

from nodekit import http, net, set_immediate
from tests.node._common import HOST

BIG = bytes(16 * 1024 * 1024)


def test_a_socket_with_unsent_bytes_is_not_reused(common):
    agent = http.Agent(keep_alive=True, max_free_sockets=math.inf, max_sockets=math.inf,
                       max_total_sockets=math.inf)

    def main():
        accepted = []

        def on_connection(sock):
            accepted.append(sock)
            sock.pause()  # read nothing from it
            sock.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n")

        server = net.create_server({"pause_on_connect": True}, on_connection)

        def request(callback):
            return http.request({"agent": agent, "host": HOST,
                                 "port": server.address()["port"]}, callback)

        def first():
            def on_response(res):
                res.on("data", lambda *_: None)
                res.on("end", common.must_call(
                    lambda *_: set_immediate(second, req.socket.local_port)))

            req = request(on_response)

            def on_connect(*_):
                req.write(BIG)
                req.uncork()
                req.write(BIG)
                req.uncork()
                req.end(BIG)
                assert req.socket.writable_length > 0

            req.on("socket", lambda s: s.on("connect", on_connect))

        def second(first_port):
            # Sent on a new socket: the first is not drained, so not reusable.
            def on_response(res):
                res.on("data", lambda *_: None)
                res.on("end", common.must_call(
                    lambda *_: set_immediate(third, req.socket.local_port)))

            req = request(on_response)
            req.on("socket", common.must_call(lambda sock: _ne(sock.local_port, first_port)))
            req.end()

        def third(second_port):
            # The agent reuses the second socket.
            req = request(lambda res: None)

            def on_socket(sock):
                assert sock.local_port == second_port
                req.destroy()
                agent.destroy()
                for sock in accepted:
                    sock.destroy()
                server.close()

            req.on("socket", common.must_call(on_socket))
            req.on("error", lambda err: None)

        server.listen(0, common.must_call(first))

    common.run(main, timeout=20)


def _ne(a, b):
    assert a != b, (a, b)
