# Port of Node v20 test/parallel/test-http-keepalive-request.js.
# Deviations: none. The file is test-http-keepalive-client.js again (same
# lines), so the port runs that port's body.
from tests.node.test_http_keepalive_client import ten_requests_on_one_socket


def test_ten_requests_share_one_keep_alive_socket(common):
    ten_requests_on_one_socket(common)
