# Port of Node v20 test/parallel/test-https-request-arguments.js.
# Deviations: hostname is 127.0.0.1 rather than localhost (the server binds
# IPv4 loopback only); the agent1/ca1 certificates are made at run time
# (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/request_arguments.py.
from tests.node._tls import ca1
from tests.node._twins import HTTPS
from tests.node._twins import request_arguments as body


def test_options_override_the_url(common):
    body.options_override_the_url(common, HTTPS, {"ca": ca1()})
