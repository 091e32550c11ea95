# Port of Node v20 test/parallel/test-net-server-nodelay.js.
# Deviations: Node wraps the private `_handle.setNoDelay` to see that the
# server's `noDelay` option reaches each accepted handle once. NodeKit has no
# such handle and TCP_NODELAY is always on (README deviations table), so the
# port checks the contract instead: the accepted socket has TCP_NODELAY set,
# and set_no_delay(True) on it returns the socket and keeps it set.
import socket as _socket

from nodekit import net
from tests.node._common import HOST


def _nodelay(sock):
    raw = sock._raw_socket()
    return raw.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY) != 0


def test_server_no_delay_reaches_accepted_sockets(common):
    def main():
        def on_connection(socket):
            assert _nodelay(socket)
            assert socket.set_no_delay(True) is socket
            assert _nodelay(socket)
            socket.destroy()
            server.close()

        server = net.create_server({"no_delay": True}, common.must_call(on_connection))
        server.listen(0, HOST, common.must_call(
            lambda: net.connect(server.address()["port"], HOST)))

    common.run(main)
