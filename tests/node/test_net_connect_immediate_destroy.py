# Port of Node v20 test/parallel/test-net-connect-immediate-destroy.js.
# Deviations: Node reads the port right after listen(0); here in the listen
# callback, where the server is closed and the socket destroyed the same way.
from nodekit import net
from tests.node._common import HOST


def test_destroy_right_after_connect_is_silent(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            socket = net.connect(port, HOST, common.must_not_call("connect"))
            socket.on("error", common.must_not_call("error"))
            server.close()
            socket.destroy()

        common.listen(server, on_listening)

    common.run(main)
