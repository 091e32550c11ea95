# Port of Node v20 test/parallel/test-net-socket-end-before-connect.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_end_before_connect_closes(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            socket = net.create_connection(port, HOST)
            socket.on("close", common.must_call(lambda *_: server.close()))
            socket.end()

        common.listen(server, on_listening)

    common.run(main)
