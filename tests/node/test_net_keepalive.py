# Port of Node v20 test/parallel/test-net-keepalive.js.
# Deviations: 127.0.0.1.
# The body is shared with test-net-persistent-keepalive.js:
# tests/node/_twins/net_siblings.py (keep_alive_echo).
from nodekit import net
from tests.node._common import HOST
from tests.node._twins.net_siblings import keep_alive_echo


def test_keep_alive_on_an_accepted_connection(common):
    def on_server_socket(connection):
        assert connection.set_keep_alive is not None
        connection.set_keep_alive(True, 50)

    keep_alive_echo(common, 100, on_server_socket,
                    lambda port: net.create_connection(port, HOST))
