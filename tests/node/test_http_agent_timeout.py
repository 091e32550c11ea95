# Port of Node v20 test/parallel/test-http-agent-timeout.js.
# Deviations: host 127.0.0.1 rather than localhost; the three blocks are
# one test each.
from nodekit import http
from tests.node._common import at


def _serve(common, first_free):
    def main():
        agent = http.Agent(keep_alive=True, **first_free.agent_options)
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            def on_response(res):
                socket = res.socket
                assert socket
                res.resume()
                socket.on("free", common.must_call(
                    lambda: first_free(common, agent, server, port, socket)))

            http.get(at(port, agent=agent)).on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def _reuses(common, agent, server, port, socket):
    def on_response(res):
        assert socket is res.socket
        agent.destroy()
        server.close()

    http.get(at(port, agent=agent)).on("response", common.must_call(on_response))


_reuses.agent_options = {}


def _timed_out(common, agent, server, port, socket):
    def on_timeout():
        def on_response(res):
            assert socket is not res.socket
            assert socket.destroyed is True
            agent.destroy()
            server.close()

        http.get(at(port, agent=agent)).on("response", common.must_call(on_response))

    socket.on("timeout", common.must_call(on_timeout))


_timed_out.agent_options = {"timeout": 50}


def _destroyed(common, agent, server, port, socket):
    socket.destroy()

    def on_response(res):
        assert socket is not res.socket
        agent.destroy()
        server.close()

    http.get(at(port, agent=agent)).on("response", common.must_call(on_response))


_destroyed.agent_options = {}


def test_successful_sockets_are_reused(common):
    _serve(common, _reuses)


def test_timed_out_sockets_are_not_reused(common):
    _serve(common, _timed_out)


def test_destroyed_sockets_are_not_reused(common):
    _serve(common, _destroyed)
