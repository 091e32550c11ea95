# Port of Node v20 test/parallel/test-http-client-agent-end-close-event.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_response_close_on_keep_alive_agent_sees_request_destroyed(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("hello")))
        agent = http.Agent(keep_alive=True)

        def go(port):
            req = http.get(at(port, agent=agent))

            def on_response(res):
                def on_close():
                    assert req.destroyed is True
                    server.close()
                    agent.destroy()

                res.on("close", common.must_call(on_close))
                res.on("data", common.must_call())

            req.on("response", common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)
