# Port of Node v20 test/parallel/test-net-socket-destroy-twice.js.
# Deviations: Node reads the port synchronously after listen(0); here the
# connection is made in the listen callback, after server.close() has been
# called there (the same refused connection).
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body


def test_destroy_inside_error_closes_once(common):
    body.second_destroy_inside_error(common, reset=False)
