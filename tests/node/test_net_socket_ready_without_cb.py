# Port of Node v20 test/parallel/test-net-socket-ready-without-cb.js.
# Deviations: binds 127.0.0.1 (Node: 'localhost').
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_ready_event_after_connect(common):
    body.connect_to_the_address_dict(common, "ready")
