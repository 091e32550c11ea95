# Port of Node v20 test/parallel/test-http-addrequest-localaddress.js.
# Deviations: Node's legacy addRequest(req, host, port, localAddress) call
# form (pre-0.11) is left out: API.md has only the options form. A fresh
# Agent stands in for the global one (max_sockets 0 queues the request).
from types import SimpleNamespace

from nodekit import http


def test_queued_request_is_keyed_by_host_port_and_local_address():
    agent = http.Agent()
    agent.max_sockets = 0
    req = SimpleNamespace(get_header=lambda name: None)
    agent.add_request(req, {"host": "localhost", "port": 8080, "local_address": "127.0.0.1",
                            "path": "/foo"})
    assert list(agent.requests) == ["localhost:8080:127.0.0.1"]
