# Port of Node v20 test/parallel/test-https-client-override-global-agent.js.
# Deviations: Node sets NODE_TLS_REJECT_UNAUTHORIZED=0 for the process; here
# the agent is made with reject_unauthorized=False (an https.Agent's TLS
# options are its connections' defaults, API.md §9), which the pool name
# then includes. The module attribute is https.global_agent; the original is
# put back after the test. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_assigning_global_agent_is_used_by_get(common):
    saved = https.global_agent

    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("Hello, World!")

        server = https.Server(agent1_options(), common.must_call(handler))

        def go(port):
            agent = https.Agent(reject_unauthorized=False)
            name = agent.get_name(at(port, reject_unauthorized=False))
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
