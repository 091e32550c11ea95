# Port of Node v20 test/parallel/test-https-agent-abort-controller.js.
# Deviations: the async listening callback is an ``async def`` run as a task;
# getEventListeners is events.get_event_listeners; the host is 127.0.0.1
# (Node: localhost; Node's private _agentKey option is not passed: nothing
# reads it). The agent1 certificate is made at run time (tests/node/_tls.py).
from nodekit import AbortController, events, https
from nodekit.runtime import spawn
from tests.node._common import at
from tests.node._tls import agent1_options


def _at(port, **extra):
    return at(port, reject_unauthorized=False, **extra)


def test_signal_aborts_https_agent_connections_and_requests(common):
    def main():
        agent = https.Agent()
        server = https.create_server(agent1_options())

        async def post_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            connection = agent.create_connection({**_at(port), "signal": signal})
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def pre_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            connection = agent.create_connection({**_at(port), "signal": signal})
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def agent_as_param(port):
            ac = AbortController()
            signal = ac.signal
            request = https.get(_at(port, path="/hello", agent=agent, signal=signal))
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(request, "error")
            assert err.name == "AbortError"

        async def agent_as_param_pre_abort(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            request = https.get(_at(port, path="/hello", agent=agent, signal=signal))
            assert len(events.get_event_listeners(signal, "abort")) == 0
            (err,) = await events.once(request, "error")
            assert err.name == "AbortError"

        async def all_of_them(port):
            await post_create_connection(port)
            await pre_create_connection(port)
            await agent_as_param(port)
            await agent_as_param_pre_abort(port)
            server.close()
            done.append(True)

        done = []
        common.listen(server, lambda port: spawn(all_of_them(port)))
        return done

    common.run(main)
