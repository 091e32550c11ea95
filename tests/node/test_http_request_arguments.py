# Port of Node v20 test/parallel/test-http-request-arguments.js.
# Deviations: hostname is 127.0.0.1 rather than localhost (the server binds
# IPv4 loopback only).
# The body is shared with its twin port: tests/node/_twins/request_arguments.py.
from tests.node._twins import HTTP
from tests.node._twins import request_arguments as body


def test_options_override_the_url(common):
    body.options_override_the_url(common, HTTP)
