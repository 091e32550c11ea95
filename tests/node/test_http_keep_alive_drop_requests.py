# Port of Node v20 test/parallel/test-http-keep-alive-drop-requests.js.
# Deviations: none.
# The body is shared with its twin port: tests/node/_twins/server_options.py.
# (The shared body also checks that the client socket gets no 'error', as the https port does.)
from tests.node._twins import HTTP
from tests.node._twins import server_options as body


def test_request_past_max_requests_per_socket_is_dropped(common):
    body.request_past_max_requests_per_socket_is_dropped(common, HTTP)
