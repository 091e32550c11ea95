# Port of Node v20 test/parallel/test-http-agent-uninitialized-with-handle.js.
# Deviations: Node gives the socket a fake `_handle` ({ref, readStart}); a
# NodeKit socket has no such handle to fake, so the port parks a never
# connected socket that was ref()'d and resume()'d (what the fake handle's
# two methods serve) — the subject, add_request() with a free socket that
# never connected, is the same.
import pytest

from nodekit import http, net
from tests.node._common import HOST


@pytest.mark.xfail(strict=True, reason=(
    "agent.add_request() of a request that already has its constructor's socket "
    "opens a second connection (add_request(req, {}) reads no name from the request) "
    "and the response never comes; Node hands it the parked socket and answers"))
def test_add_request_with_a_never_connected_free_socket_in_use(common):
    def main():
        agent = http.Agent(keep_alive=True)
        socket = net.Socket()
        socket.ref()
        socket.resume()
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            req = http.ClientRequest(f"http://{HOST}:{port}/")
            agent.free_sockets[agent.get_name(req)] = [socket]
            agent.add_request(req, {})
            req.on("response", common.must_call(lambda res: server.close()))
            req.end()

        common.listen(server, go)

    common.run(main, timeout=2)
