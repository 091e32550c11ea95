# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-queued-tcp-socket.js.
# Deviations: none.
import pytest

from nodekit import http
from tests.node._common import at


@pytest.mark.parametrize("destroyer", ["destroy", "abort"])
def test_queued_request_destroyed_does_not_cost_a_socket(destroyer, common):
    def main():
        created = []

        class Agent(http.Agent):
            def create_connection(self, options, *rest):
                socket = super().create_connection(options, *rest)
                created.append(socket)
                return socket

        server = http.create_server(lambda req, res: res.end())

        def go(port):
            agent = Agent(keep_alive=True, max_sockets=1)
            http.get(at(port, agent=agent), lambda res: res.resume())
            req = http.get(at(port, agent=agent), common.must_not_call())
            getattr(req, destroyer)()
            if destroyer == "destroy":
                req.on("error", common.must_call(lambda err: _eq(err.code, "ECONNRESET")))
            else:
                req.on("error", common.must_not_call())

            def on_third(res):
                res.resume()
                assert len(created) == 1
                agent.destroy()
                server.close()

            http.get(at(port, agent=agent), common.must_call(on_third))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
