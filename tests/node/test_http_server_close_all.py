# Port of Node v20 test/parallel/test-http-server-close-all.js.
# Deviations: none.
# The body is shared with its twin ports: tests/node/_twins/server_close.py.
from tests.node._twins import HTTP
from tests.node._twins import server_close as body

OPTIONS = {"headers_timeout": 0, "keep_alive_timeout": 0, "request_timeout": 60000}


def test_close_all_connections_closes_idle_and_active(common):
    body.close_all(common, HTTP, OPTIONS,
                   "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
