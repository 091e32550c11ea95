# Port of Node v20 test/parallel/test-http-client-override-global-agent.js.
# Deviations: the module attribute is http.global_agent (API.md §1); the
# original agent is put back after the test.
from nodekit import http
from tests.node._common import at


def test_assigning_global_agent_is_used_by_get(common):
    saved = http.global_agent

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("Hello, World!")

        server = http.Server(common.must_call(handler))

        def go(port):
            agent = http.Agent()
            name = agent.get_name(at(port))
            http.global_agent = agent
            req = http.get(at(port))

            def on_close():
                assert req.destroyed is True
                server.close()

            req.on("close", common.must_call(on_close))
            assert name in agent.sockets

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        http.global_agent.destroy()
        http.global_agent = saved
