# Port of Node v20 test/parallel/test-https-server-request-timeout.js.
# Deviations: the attribute is spelled request_timeout (API.md); Node's
# platformTimeout(1000) is 1000. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._tls import agent1_options


def test_request_timeout_default_and_setter():
    server = https.create_server(agent1_options())
    assert server.request_timeout == 300000
    server.request_timeout = 1000
    assert server.request_timeout == 1000
