"""http's memo tables belong to one Runtime (STYLE rule 10): two loops in two
threads, each with a server and a client talking at the same time, fill
caches of their own -- the one head cache (responses and requests, keyed
apart by the message's class), the client's Host values, the agent names,
the rendered field lines and the Date header of this second -- and neither
sees the other's entries.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from nodekit import http, runtime
from nodekit.http import ClientRequest, ServerResponse, _common

CACHES = ("head_cache", "host_cache", "agent_names", "field_cache", "date_cache")


def _in_two_threads(amain: Callable[[str, threading.Barrier], Coroutine[Any, Any, Any]]
                    ) -> tuple[Any, Any]:
    """``amain(name, barrier)`` run by a loop of its own in each of two threads
    (names "a" and "b"); their results, or the exceptions they raised."""
    barrier = threading.Barrier(2)
    out: dict[str, Any] = {}

    def run(name: str) -> None:
        try:
            out[name] = asyncio.run(asyncio.wait_for(amain(name, barrier), 15))
        except BaseException as exc:  # noqa: BLE001 - reported by the test's thread
            out[name] = exc

    threads = [threading.Thread(target=run, args=(name,), daemon=True) for name in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return out["a"], out["b"]


def _exchange(name: str, barrier: threading.Barrier) -> Coroutine[Any, Any, runtime.Runtime]:
    """One loop in this thread: a server and a request to it through an agent;
    both loops are up (the barrier) before either sends."""

    async def amain() -> runtime.Runtime:
        done = asyncio.get_running_loop().create_future()

        def on_request(req: Any, res: Any) -> None:
            res.write_head(200, {"Content-Type": "text/plain", "X-Loop": name})
            res.end("ok")

        server = http.create_server(on_request)
        agent = http.Agent(keep_alive=True)

        def on_response(res: Any) -> None:
            def on_end() -> None:
                agent.destroy()
                server.close()
                done.set_result(runtime.current())

            res.on("end", on_end)
            res.resume()

        def listening() -> None:
            port = server.address()["port"]
            barrier.wait(timeout=10)  # (a thread, not this loop, waits: both listen first)
            http.get({"host": "127.0.0.1", "port": port, "path": f"/{name}", "agent": agent,
                      "headers": {"X-Loop": name}}, on_response)

        server.listen(0, "127.0.0.1", listening)
        return await done

    return amain()


def test_two_runtimes_in_two_threads_have_their_own_caches():
    a, b = _in_two_threads(_exchange)
    assert isinstance(a, runtime.Runtime) and isinstance(b, runtime.Runtime), (a, b)
    assert a is not b
    for attr in CACHES:
        mine, theirs = getattr(a, attr), getattr(b, attr)
        assert mine is not theirs
        assert mine and theirs, attr  # each filled by its own loop's messages
    # Each loop's Date header came from its own [second, value].
    for rt in (a, b):
        assert rt.date_cache[0] > 0 and rt.date_cache[1].endswith(" GMT")
    # One head cache for both sides, their keys apart: the class comes first.
    for rt in (a, b):
        assert {key[0] for key in rt.head_cache} == {ServerResponse, ClientRequest}
    # The field lines each loop rendered are in its own table only.
    assert ("X-Loop", "a") in a.field_cache and ("X-Loop", "a") not in b.field_cache
    assert ("X-Loop", "b") in b.field_cache and ("X-Loop", "b") not in a.field_cache


def test_no_module_level_table_grows():
    # What stays module-level in _common is computed at import: rendering and
    # parsing unusual names and values leaves those tables as they were.
    before = {name: len(getattr(_common, name))
              for name in ("_lower", "_GOOD_TOKENS", "_STATUS_LINES", "_COMMON_TOKENS")}
    assert _common.check_is_http_token("X-Very-Unusual-Name")
    assert _common.headers_from_raw(["X-Odd-One", "1"]) == {"x-odd-one": "1"}
    assert _common.status_line("1.1", 299) == "HTTP/1.1 299 unknown\r\n"
    assert _common.has_connection_token("foo, Bar", "bar")
    assert _common.render_field("X-Odd", "v") == ("X-Odd: v\r\n", 0)
    after = {name: len(getattr(_common, name)) for name in before}
    assert after == before


def _through_the_global_agent(name: str, barrier: threading.Barrier
                              ) -> Coroutine[Any, Any, dict[str, Any]]:
    """One loop in this thread: its global agent replaced by a pooling one,
    then two requests without an ``agent`` option, one after the other; what
    the global agent did is reported."""

    async def amain() -> dict[str, Any]:
        done = asyncio.get_running_loop().create_future()
        server = http.create_server(lambda req, res: res.end(name))
        seen: dict[str, Any] = {"default": http.global_agent, "sockets": []}
        http.global_agent = http.Agent(keep_alive=True)  # (this loop's only)
        seen["agent"] = http.global_agent

        def send(port: int, left: int) -> None:
            req = http.get({"host": "127.0.0.1", "port": port, "path": f"/{name}"})
            seen["request_agent"] = req.agent

            def on_response(res: Any) -> None:
                seen["sockets"].append(res.socket)
                seen["bodies"] = seen.get("bodies", "") + name

                def on_end() -> None:
                    if left > 1:
                        runtime.set_immediate(send, port, left - 1)  # (once it is pooled)
                    else:
                        seen["agent"].destroy()
                        server.close()
                        done.set_result(seen)

                res.on("end", on_end)
                res.resume()

            req.on("response", on_response)

        def listening() -> None:
            barrier.wait(timeout=10)
            send(server.address()["port"], 2)

        server.listen(0, "127.0.0.1", listening)
        return await done

    return amain()


def test_each_loop_has_its_own_global_agent_and_pool():
    # http.global_agent is one per Runtime: a keep-alive socket pooled by one
    # loop is never handed to another loop's request.
    a, b = _in_two_threads(_through_the_global_agent)
    assert isinstance(a, dict) and isinstance(b, dict), (a, b)
    assert a["default"] is not b["default"] and a["agent"] is not b["agent"]
    # Each thread's assignment stayed in its loop: this thread's is untouched.
    assert http.global_agent not in (a["agent"], b["agent"], a["default"], b["default"])
    for seen in (a, b):
        assert seen["request_agent"] is seen["agent"]
        first, second = seen["sockets"]
        assert first is second  # the loop's own pooled socket, reused
    assert a["sockets"][0] is not b["sockets"][0]
    assert a["bodies"] == "aa" and b["bodies"] == "bb"
