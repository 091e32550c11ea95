# Port of Node v20 test/parallel/test-net-socket-timeout-unref.js.
# Deviations: 127.0.0.1 (Node: 'localhost'); the port is read in the
# listen callback (Node reads it right after listen(0)).
from nodekit import net
from tests.node._common import HOST

DELAYS = [8, 5, 3, 6, 2, 4]


def test_unrefd_sockets_with_timeouts_let_the_loop_exit(common):
    def main():
        def handler(c):
            c.write("hello")
            c.unref()

        server = net.create_server(handler)
        sockets = []
        state = {"connections": 0}

        def on_listening(port):
            server.unref()
            for t in DELAYS:
                socket = net.create_connection(port, HOST)

                def on_connect():
                    state["connections"] += 1
                    if state["connections"] == len(DELAYS):
                        for s, timeout in sockets:
                            s.set_timeout(timeout, common.must_not_call("socket timed out"))
                            s.unref()

                socket.on("connect", common.must_call(on_connect))
                sockets.append((socket, t * 1000))

        common.listen(server, on_listening)

    common.run(main)
