# Port of Node v20 test/parallel/test-net-persistent-keepalive.js.
# Deviations: 127.0.0.1; the Node test only checks that the connection
# stays open with keep-alive set before connect; the port also checks that
# SO_KEEPALIVE is on once it is connected.
# The body is shared with test-net-keepalive.js:
# tests/node/_twins/net_siblings.py (keep_alive_echo).
import socket as _socket

from nodekit import net
from tests.node._common import HOST
from tests.node._twins.net_siblings import keep_alive_echo


def test_keep_alive_set_before_connect_persists(common):
    def on_server_socket(connection):
        assert callable(connection.set_keep_alive)

    def connect(port):
        client = net.Socket()
        s = client.set_keep_alive(True, 400)
        assert isinstance(s, net.Socket)
        client.connect(port, HOST)
        return client

    def check(client):
        raw = client._raw_socket()
        assert raw.getsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE) != 0

    keep_alive_echo(common, 600, on_server_socket, connect, check)
