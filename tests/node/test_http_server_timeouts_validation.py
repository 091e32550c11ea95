# Port of Node v20 test/parallel/test-http-server-timeouts-validation.js.
# Deviations: none.
import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.parametrize("options,headers,request_", [
    (None, 60000, 300000),
    ({"headers_timeout": 10000, "request_timeout": 20000}, 10000, 20000),
    ({"headers_timeout": 10000, "request_timeout": 10000}, 10000, 10000),
    ({"headers_timeout": 10000}, 10000, 300000),
    ({"request_timeout": 20000}, 20000, 20000),
    ({"request_timeout": 100000}, 60000, 100000),
])
def test_headers_timeout_follows_request_timeout(options, headers, request_):
    server = http.create_server(options)
    assert server.headers_timeout == headers
    assert server.request_timeout == request_


def test_headers_timeout_above_request_timeout_is_out_of_range():
    raises(lambda: http.create_server({"headers_timeout": 10000, "request_timeout": 1000}),
           code="ERR_OUT_OF_RANGE")
