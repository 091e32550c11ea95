# Port of Node v20 test/parallel/test-http-agent-null.js.
# Deviations: none (agent None is the global agent, API.md §6).
from nodekit import http
from tests.node._common import at


def test_agent_none_uses_the_global_agent(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            http.get(at(port, agent=None), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
