# Port of Node v20 test/parallel/test-http-client-agent-abort-close-event.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_abort_before_socket_emits_only_close(common):
    def main():
        server = http.create_server(common.must_not_call())
        agent = http.Agent(keep_alive=True)

        def go(port):
            req = http.get(at(port, agent=agent))

            def on_close():
                assert req.destroyed is True
                server.close()
                agent.destroy()

            req.on("socket", common.must_not_call("socket"))
            req.on("response", common.must_not_call("response"))
            req.on("close", common.must_call(on_close))
            req.abort()

        common.listen(server, go)

    common.run(main)
