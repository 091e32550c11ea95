# Port of Node v20 test/parallel/test-http-keepalive-free.js.
# Deviations: none.
import pytest

from nodekit import http
from tests.node._common import at


@pytest.mark.parametrize("method", ["abort", "destroy"])
def test_abort_or_destroy_after_end_leaves_the_free_socket_open(method, common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end(req.url)))

        def go(port):
            agent = http.Agent(keep_alive=True)

            def on_response(res):
                assert req.destroyed is False

                def on_end():
                    assert req.destroyed is True
                    getattr(req, method)()
                    assert req.socket.destroyed is False
                    agent.destroy()
                    server.close()

                res.on("end", on_end).resume()

            req = (http.request(at(port, agent=agent))
                   .on("socket", common.must_call(lambda s: s.on("free", common.must_call())))
                   .on("response", common.must_call(on_response)))
            req.end()
            assert req.destroyed is False

        common.listen(server, go)

    common.run(main)
