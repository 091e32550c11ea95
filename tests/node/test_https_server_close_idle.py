# Port of Node v20 test/parallel/test-https-server-close-idle.js.
# Deviations: Node passes {headersTimeout, keepAliveTimeout, requestTimeout}
# as a third argument that https.createServer ignores: left out. Node's
# platformTimeout(500) is 500. The clients connect to 127.0.0.1 (Node:
# localhost). The agent1 certificate is made at run time.
# The body is shared with its twin ports: tests/node/_twins/server_close.py.
from tests.node._twins import HTTPS
from tests.node._twins import server_close as body


def test_close_drops_only_the_idle_connection(common):
    body.close_idle(common, HTTPS, {}, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 500)
