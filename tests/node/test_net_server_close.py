# Port of Node v20 test/parallel/test-net-server-close.js.
# Deviations: binds and connects to 127.0.0.1.
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_close_returns_server_and_destroys_sockets(common):
    body.close_with_two_connections(common, reset=False)
