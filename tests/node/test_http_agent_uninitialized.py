# Port of Node v20 test/parallel/test-http-agent-uninitialized.js.
# Deviations: none (Node's comment speaks of its internal `_handle`; the
# public facts are the same: a never-connected socket parked in
# agent.free_sockets by hand must not break add_request()).
import pytest

from nodekit import http, net
from tests.node._common import HOST


@pytest.mark.xfail(strict=True, reason=(
    "agent.add_request() of a request that already has its constructor's socket "
    "opens a second connection (add_request(req, {}) reads no name from the request) "
    "and the response never comes; Node hands it the parked socket and answers"))
def test_add_request_with_a_never_connected_free_socket(common):
    add_request_with_a_parked_socket(common, net.Socket())


def add_request_with_a_parked_socket(common, socket):
    """The body of this file and of -with-handle.js: ``socket`` parked by hand."""
    def main():
        agent = http.Agent(keep_alive=True)
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            req = http.ClientRequest(f"http://{HOST}:{port}/")
            agent.free_sockets[agent.get_name(req)] = [socket]
            agent.add_request(req, {})
            req.on("response", common.must_call(lambda res: server.close()))
            req.end()

        common.listen(server, go)

    common.run(main, timeout=2)
