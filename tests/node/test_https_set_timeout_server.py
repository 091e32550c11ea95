# Port of Node v20 test/parallel/test-https-set-timeout-server.js.
# Deviations: the seven tests Node runs one after another are seven pytest
# tests; Node's tls.connect option allowHalfOpen is allow_half_open; the
# process 'exit' check of serverResponseTimeoutWithPipeline runs after the
# loop went idle; the clients connect to 127.0.0.1 (Node: localhost). The
# agent1 certificate is made at run time (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/set_timeout_server.py.
from tests.node._twins import HTTPS
from tests.node._twins import set_timeout_server as body


def test_server_timeout(common):
    body.server_timeout(common, HTTPS)


def test_server_request_timeout(common):
    body.server_request_timeout(common, HTTPS)


def test_server_response_timeout(common):
    body.server_response_timeout(common, HTTPS)


def test_server_request_not_timeout_after_end(common):
    body.server_request_not_timeout_after_end(common, HTTPS)


def test_server_response_timeout_with_pipeline(common):
    body.server_response_timeout_with_pipeline(common, HTTPS)


def test_idle_timeout(common):
    body.idle_timeout(common, HTTPS)


def test_fast_timeout(common):
    body.fast_timeout(common, HTTPS)
