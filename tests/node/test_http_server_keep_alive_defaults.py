# Port of Node v20 test/parallel/test-http-server-keep-alive-defaults.js.
# Deviations: none.
# The body is shared with its sibling ports: tests/node/_twins/keep_alive_requests.py.
from tests.node._twins.keep_alive_requests import four_pipelined_posts_stay_keep_alive


def test_four_pipelined_posts_keep_the_default_keep_alive(common):
    def setup(server):
        assert server.max_requests_per_socket == 0

    four_pipelined_posts_stay_keep_alive(common, setup)
