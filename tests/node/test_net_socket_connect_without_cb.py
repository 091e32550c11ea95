# Port of Node v20 test/parallel/test-net-socket-connect-without-cb.js.
# Deviations: binds 127.0.0.1 (so the address() dict is an IPv4 one).
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_connect_with_the_address_dict(common):
    body.connect_to_the_address_dict(common, "connect")
