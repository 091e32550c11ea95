# Port of Node v20 test/parallel/test-net-connect-reset-before-connected.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_reset_and_destroy_before_connected(common):
    def main():
        server = net.create_server()
        server.listen(0)
        port = server.address()["port"]
        socket = net.connect(port, HOST, common.must_not_call())
        socket.on("error", common.must_not_call())
        server.close()
        socket.reset_and_destroy()
        socket.destroy()

    common.run(main)
