# Port of Node v20 test/parallel/test-https-keep-alive-drop-requests.js.
# Deviations: tls.connect goes to 127.0.0.1; the agent1 certificate is made
# at run time (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/server_options.py.
from tests.node._twins import HTTPS
from tests.node._twins import server_options as body


def test_request_past_max_requests_per_socket_is_dropped(common):
    body.request_past_max_requests_per_socket_is_dropped(common, HTTPS)
