# Port of Node v20 test/parallel/test-https-server-headers-timeout.js.
# Deviations: the attribute is spelled headers_timeout (API.md); Node's
# platformTimeout(1000) is 1000. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._tls import agent1_options


def test_headers_timeout_default_and_setter():
    server = https.create_server(agent1_options())
    assert server.headers_timeout == 60000
    server.headers_timeout = 1000
    assert server.headers_timeout == 1000
