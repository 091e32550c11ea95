# Port of Node v20 test/parallel/test-https-max-headers-count.js.
# Deviations: the counts are checked after run() (Node: at exit); the client
# connects to 127.0.0.1 (Node: localhost). The agent1 certificate is made at
# run time (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/max_headers_count.py.
from tests.node._twins import HTTPS
from tests.node._twins import max_headers_count as body


def test_max_headers_count_on_server_and_client(common):
    body.max_headers_count_on_server_and_client(common, HTTPS)
