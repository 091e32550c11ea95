# Port of Node v20 test/parallel/test-http-agent-abort-controller.js.
# Deviations: the async listening callback is an ``async def`` run as a task;
# getEventListeners is events.get_event_listeners; the host is 127.0.0.1
# (Node's private _agentKey option is not passed: nothing reads it).
from nodekit import AbortController, events, http
from nodekit.runtime import spawn
from tests.node._common import at


def test_signal_aborts_agent_connections_and_requests(common):
    def main():
        agent = http.Agent()
        server = http.create_server()

        async def post_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            connection = agent.create_connection({**at(port), "signal": signal})
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def pre_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            connection = agent.create_connection({**at(port), "signal": signal})
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def agent_as_param(port):
            ac = AbortController()
            signal = ac.signal
            request = http.get(at(port, path="/hello", agent=agent, signal=signal))
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(request, "error")
            assert err.name == "AbortError"

        async def agent_as_param_pre_abort(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            request = http.get(at(port, path="/hello", agent=agent, signal=signal))
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
