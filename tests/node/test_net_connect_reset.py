# Port of Node v20 test/parallel/test-net-connect-reset.js.
# Deviations: none beyond Python spelling.
from nodekit import net


def test_reset_and_destroy_of_an_unconnected_socket(common):
    def main():
        socket = net.Socket()
        socket.reset_and_destroy()
        socket.on("error", common.expects_error(code="ERR_SOCKET_CLOSED"))

    common.run(main)
