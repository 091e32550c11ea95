"""test-http(s)-agent-abort-controller.js: an AbortSignal aborts the agent's
connections and requests, before and after they start."""

from __future__ import annotations

from typing import Any

from nodekit import AbortController, events
from nodekit.runtime import spawn
from tests.node._twins import Twin


def signal_aborts_agent_connections_and_requests(common: Any, twin: Twin) -> None:
    def main():
        agent = twin.Agent()
        server = twin.create_server()

        async def post_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            connection = agent.create_connection({**twin.at(port), "signal": signal})
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def pre_create_connection(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            connection = agent.create_connection({**twin.at(port), "signal": signal})
            (err,) = await events.once(connection, "error")
            assert err.name == "AbortError"

        async def agent_as_param(port):
            ac = AbortController()
            signal = ac.signal
            request = twin.get(twin.at(port, path="/hello", agent=agent, signal=signal))
            assert len(events.get_event_listeners(signal, "abort")) == 1
            ac.abort()
            (err,) = await events.once(request, "error")
            assert err.name == "AbortError"

        async def agent_as_param_pre_abort(port):
            ac = AbortController()
            signal = ac.signal
            ac.abort()
            request = twin.get(twin.at(port, path="/hello", agent=agent, signal=signal))
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
