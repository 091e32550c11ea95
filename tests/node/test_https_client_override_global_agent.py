# Port of Node v20 test/parallel/test-https-client-override-global-agent.js.
# Deviations: NODE_TLS_REJECT_UNAUTHORIZED=0 is set for the test only (Node:
# for the process). The module attribute is https.global_agent; the original
# is put back after the test. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_assigning_global_agent_is_used_by_get(common, monkeypatch):
    monkeypatch.setenv("NODE_TLS_REJECT_UNAUTHORIZED", "0")
    saved = https.global_agent

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("Hello, World!")

        server = https.Server(agent1_options(), common.must_call(handler))

        def go(port):
            agent = https.Agent()
            name = agent.get_name(at(port))
            https.global_agent = agent
            req = https.get(at(port))
            req.on("close", lambda: server.close())
            assert name in agent.sockets  # the agent has indeed been used

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        https.global_agent.destroy()
        https.global_agent = saved
