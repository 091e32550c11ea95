# Port of Node v20 test/parallel/test-http-agent-timeout-option.js.
# Deviations: Node connects to the non-routable 192.0.2.1 so that the
# connection never completes; on this machine that address is the gateway
# and refuses at once, so the request goes to a local server that accepts
# the connection and never answers: the socket's inactivity is the same.
from nodekit import http, net
from tests.node._common import at


def test_agent_timeout_emits_timeout_on_the_request(common):
    def main():
        silent = net.create_server(lambda socket: None)

        def go(port):
            request = http.get(at(port, agent=http.Agent(timeout=500)))
            request.on("error", common.expects_error(code="ECONNRESET",
                                                     message="socket hang up"))
            request.on("close", lambda: silent.close())
            request.on("timeout", common.must_call(request.abort))

        common.listen(silent, go)

    common.run(main)
