# Port of Node v20 test/parallel/test-https-agent-abort-controller.js.
# Deviations: the async listening callback is an ``async def`` run as a task;
# getEventListeners is events.get_event_listeners; the host is 127.0.0.1
# (Node: localhost; Node's private _agentKey option is not passed: nothing
# reads it). The agent1 certificate is made at run time (tests/node/_tls.py).
# The body is shared with its twin port: tests/node/_twins/agent_abort_controller.py.
from tests.node._twins import HTTPS
from tests.node._twins import agent_abort_controller as body


def test_signal_aborts_https_agent_connections_and_requests(common):
    body.signal_aborts_agent_connections_and_requests(common, HTTPS)
