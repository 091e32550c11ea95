# Port of Node v20 test/parallel/test-http-server-keep-alive-max-requests-null.js.
# Deviations: server.maxRequestsPerSocket = null is max_requests_per_socket = None.
# The body is shared with its sibling ports: tests/node/_twins/keep_alive_requests.py.
from tests.node._twins.keep_alive_requests import four_pipelined_posts_stay_keep_alive


def test_no_limit_keeps_every_response_keep_alive(common):
    def setup(server):
        server.max_requests_per_socket = None

    four_pipelined_posts_stay_keep_alive(common, setup)
