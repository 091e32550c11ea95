# Port of Node v20 test/parallel/test-net-socket-close-after-end.js.
# Deviations: 50 ms before the read (Node: platformTimeout(100)); 127.0.0.1.
from nodekit import net, set_timeout
from tests.node._common import HOST


def test_close_comes_after_end(common):
    def main():
        server = net.create_server()

        def on_connection(socket):
            state = {"end": False}
            socket.once("readable", lambda: set_timeout(socket.read, 50))

            def on_end():
                state["end"] = True

            def on_close(*_):
                assert state["end"]
                server.close()

            socket.on("end", on_end)
            socket.on("close", common.must_call(on_close))
            socket.end("foo")

        server.on("connection", on_connection)

        def on_listening(port):
            socket = net.create_connection(port, HOST, lambda: socket.end("foo"))

        common.listen(server, on_listening)

    common.run(main)
