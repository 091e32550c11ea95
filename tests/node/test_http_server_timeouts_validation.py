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
    pytest.param({"request_timeout": 20000}, 20000, 20000, marks=pytest.mark.xfail(
        strict=True, reason="headers_timeout stays 60000 when request_timeout (20000) is "
        "smaller; Node lowers headersTimeout to requestTimeout")),
    ({"request_timeout": 100000}, 60000, 100000),
])
def test_headers_timeout_follows_request_timeout(options, headers, request_):
    server = http.create_server(options)
    assert server.headers_timeout == headers
    assert server.request_timeout == request_


@pytest.mark.xfail(strict=True, reason=(
                   "create_server(headers_timeout=10000, request_timeout=1000) is "
                   "accepted; Node throws ERR_OUT_OF_RANGE"))
def test_headers_timeout_above_request_timeout_is_out_of_range():
    raises(lambda: http.create_server({"headers_timeout": 10000, "request_timeout": 1000}),
           code="ERR_OUT_OF_RANGE")
