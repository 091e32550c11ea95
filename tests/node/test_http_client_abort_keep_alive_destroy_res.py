# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-destroy-res.js.
# Deviations: none (the Agent subclass counts sockets in create_connection).
# The body is shared with its sibling ports: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_destroying_an_ended_response_keeps_the_socket_for_reuse(common):
    body.ended_response_destroyed_keeps_the_socket(common)
