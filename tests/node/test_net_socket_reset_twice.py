# Port of Node v20 test/parallel/test-net-socket-reset-twice.js.
# Deviations: the refused connection is made in the listen callback, after
# server.close() there (Node reads the port right after listen(0)).
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_reset_and_destroy_inside_error(common):
    body.second_destroy_inside_error(common, reset=True)
