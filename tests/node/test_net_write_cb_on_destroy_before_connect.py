# Port of Node v20 test/parallel/test-net-write-cb-on-destroy-before-connect.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_callback_errors_when_destroyed_while_connecting(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            socket = net.Socket()
            socket.on("connect", common.must_not_call("connect"))
            socket.connect({"port": port, "host": HOST})
            assert socket.connecting
            socket.write("foo", common.expects_error(code="ERR_SOCKET_CLOSED_BEFORE_CONNECTION"))
            socket.destroy()
            server.close()

        common.listen(server, on_listening)

    common.run(main)
