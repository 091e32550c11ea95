# Port of Node v20 test/parallel/test-https-server-close-destroy-timeout.js.
# Deviations: Node checks the internal kConnectionsCheckingInterval timer's
# _destroyed flag before and after close(). The timer is not reachable here;
# the port checks what it does instead (as test_http_server_close_destroy_
# timeout.py does, over TLS): before close() a half-sent head is cut off with
# a 408 by headers_timeout; after close() the checks have stopped, so a
# half-sent head on a connection that close() leaves open gets nothing for
# 4 x the timeout. The agent1 certificate is made at run time.
# The body is shared with its twin port: tests/node/_twins/server_close_destroy_timeout.py.
from tests.node._twins import HTTPS
from tests.node._twins import server_close_destroy_timeout as body


def test_the_checks_run_while_listening(common):
    body.the_checks_run_while_listening(common, HTTPS)


def test_close_stops_the_connection_checks(common):
    body.close_stops_the_connection_checks(common, HTTPS)
