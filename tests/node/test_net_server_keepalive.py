# Port of Node v20 test/parallel/test-net-server-keepalive.js.
# Deviations: Node wraps the private handle's setKeepAlive to count calls
# (the server's keepAlive/keepAliveInitialDelay reach the accepted handle;
# set_keep_alive(True, 1000) again is skipped, 2000 and 3000 are not).
# NodeKit has no such handle: the port checks the socket options instead —
# SO_KEEPALIVE on with TCP_KEEPIDLE 1 s from the server options, then 3 s
# after the later calls. 127.0.0.1.
import socket as _socket

import pytest

from nodekit import net
from tests.node._common import HOST


def _keepalive(socket):
    raw = socket._raw_socket()
    return (raw.getsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE) != 0,
            raw.getsockopt(_socket.IPPROTO_TCP, _socket.TCP_KEEPIDLE))


@pytest.mark.skipif(not hasattr(_socket, "TCP_KEEPIDLE"), reason="no TCP_KEEPIDLE")
def test_server_keep_alive_options_reach_accepted_sockets(common):
    def main():
        def on_connection(socket):
            assert _keepalive(socket) == (True, 1)
            assert socket.set_keep_alive(True, 1000) is socket
            assert _keepalive(socket) == (True, 1)
            socket.set_keep_alive(True, 2000)
            assert _keepalive(socket) == (True, 2)
            socket.set_keep_alive(True, 3000)
            assert _keepalive(socket) == (True, 3)
            socket.destroy()
            server.close()

        server = net.create_server({"keep_alive": True, "keep_alive_initial_delay": 1000},
                                   common.must_call(on_connection))
        server.listen(0, HOST, common.must_call(
            lambda: net.connect(server.address()["port"], HOST)))

    common.run(main)
