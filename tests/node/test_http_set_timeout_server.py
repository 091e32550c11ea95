# Port of Node v20 test/parallel/test-http-set-timeout-server.js.
# Deviations: the seven tests Node runs one after another are seven pytest
# tests; Node's net.connect option allowHalfOpen is allow_half_open; the
# process 'exit' check of serverResponseTimeoutWithPipeline runs after the
# loop went idle.
# The body is shared with its twin port: tests/node/_twins/set_timeout_server.py.
from tests.node._twins import HTTP
from tests.node._twins import set_timeout_server as body


def test_server_timeout(common):
    body.server_timeout(common, HTTP)


def test_server_request_timeout(common):
    body.server_request_timeout(common, HTTP)


def test_server_response_timeout(common):
    body.server_response_timeout(common, HTTP)


def test_server_request_not_timeout_after_end(common):
    body.server_request_not_timeout_after_end(common, HTTP)


def test_server_response_timeout_with_pipeline(common):
    body.server_response_timeout_with_pipeline(common, HTTP)


def test_idle_timeout(common):
    body.idle_timeout(common, HTTP)


def test_fast_timeout(common):
    body.fast_timeout(common, HTTP)
