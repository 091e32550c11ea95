# Port of Node v20 test/parallel/test-net-connect-reset-after-destroy.js.
# Deviations: 127.0.0.1.
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_write_after_reset_and_destroy(common):
    body.write_after_reset_and_destroy(common)
