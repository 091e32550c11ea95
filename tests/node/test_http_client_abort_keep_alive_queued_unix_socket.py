# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-queued-unix-socket.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory.
# The body is shared with its sibling ports: tests/node/_twins/http_siblings.py.
import os
import tempfile

from tests.node._twins import http_siblings as body


def test_queued_request_aborted_on_a_unix_socket_costs_no_socket(common):
    socket_path = os.path.join(tempfile.mkdtemp(), "node.sock")
    body.queued_request_cancelled_costs_no_socket(common, lambda req: req.abort(), socket_path)
