# Port of Node v20 test/parallel/test-net-end-destroyed.js.
# Deviations: connects to 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_end_event_comes_before_destroy(common):
    def main():
        server = net.create_server()
        server.on("connection", common.must_call())

        def on_listening(port):
            socket = net.create_connection({"port": port, "host": HOST})

            def on_connect():
                def on_end():
                    assert socket.destroyed is False
                    server.close()

                socket.on("end", common.must_call(on_end))
                socket.end()

            socket.on("connect", common.must_call(on_connect))

        common.listen(server, on_listening)

    common.run(main)
