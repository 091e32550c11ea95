# Port of Node v20 test/parallel/test-https-agent-constructor.js.
# Deviations: JS calls https.Agent() without `new`; in Python a call is the
# constructor, so the assertion is that the call gives an https.Agent.
from nodekit import http, https


def test_agent_called_gives_an_agent():
    agent = https.Agent()
    assert isinstance(agent, https.Agent)
    assert isinstance(agent, http.Agent)
