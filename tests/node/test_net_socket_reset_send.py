# Port of Node v20 test/parallel/test-net-socket-reset-send.js.
# Deviations: 127.0.0.1.
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_reset_then_send_fails_with_stream_destroyed(common):
    body.write_after_reset_and_destroy(common)
