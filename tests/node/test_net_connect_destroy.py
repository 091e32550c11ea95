# Port of Node v20 test/parallel/test-net-connect-destroy.js.
# Deviations: none.
from nodekit import net


def test_destroy_a_never_connected_socket_closes(common):
    def main():
        socket = net.Socket()
        socket.on("close", common.must_call())
        socket.destroy()

    common.run(main)
