# Port of Node v20 test/parallel/test-http-max-headers-count.js.
# Deviations: none (the counts are checked after run(), Node: at exit).
# The body is shared with its twin port: tests/node/_twins/max_headers_count.py.
from tests.node._twins import HTTP
from tests.node._twins import max_headers_count as body


def test_max_headers_count_on_server_and_client(common):
    body.max_headers_count_on_server_and_client(common, HTTP)
