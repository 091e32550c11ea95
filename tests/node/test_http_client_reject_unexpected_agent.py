# Port of Node v20 test/parallel/test-http-client-reject-unexpected-agent.js.
# Deviations: Node's Symbol() becomes object() and `() => null` a lambda; the
# message is checked up to Node's invalidArgTypeHelper() tail, which renders
# the received value in JavaScript.
import pytest

from nodekit import http
from tests.node._common import HOST, raises

MESSAGE = ('The "options.agent" property must be one of Agent-like '
           "Object, undefined, or false.")


@pytest.mark.parametrize("agent", [True, "agent", {}, 1, lambda: None, object()],
                         ids=["true", "str", "dict", "int", "function", "object"])
def test_non_agents_are_rejected(agent):
    raises(lambda: http.request({"method": "GET", "host": HOST, "port": 1, "agent": agent}),
           code="ERR_INVALID_ARG_TYPE", cls=TypeError, message=MESSAGE)


def test_false_none_and_an_agent_are_accepted(common):
    acceptable = [False, None, None, http.Agent()]  # (undefined and null are both None)

    def main():
        server = http.create_server(lambda req, res: res.end("hello"))
        responses = [0]

        def on_response(res):
            res.resume()
            responses[0] += 1
            if responses[0] == len(acceptable):
                server.close()

        def go(port):
            for agent in acceptable:
                request = http.request({"method": "GET", "host": HOST, "port": port,
                                        "agent": agent})
                request.end()
                request.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
    assert len(acceptable) == 4
