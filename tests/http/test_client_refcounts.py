"""A client exchange is freed by reference counts, not by the cyclic GC.

A response keeps its request (``res.req``, its ``'end'`` listener); the
request lets go of its response when the exchange is over (``req.res`` turns
into a weak reference), so a keep-alive request/response pair is freed as soon
as the socket's connection starts its next request -- with the collector off.
What a user can read does not change while they hold the objects: ``res.req``
always, ``req.res`` while the response is alive.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from test_client_support import get_with, nodekit_server

from nodekit import http


@pytest.fixture
def no_gc() -> Iterator[None]:
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _hello(_req: Any, res: Any) -> None:
    res.end("hello")


def test_keep_alive_pairs_are_freed_without_the_gc(no_gc: None, must_call: Any) -> None:
    n = 12
    refs: list[tuple[Any, Any]] = []
    alive_at_start: list[int] = []

    def client(srv: Any, port: int) -> None:
        agent = http.Agent(keep_alive=True, max_sockets=1)

        def one(i: int) -> None:
            # Every pair but the one before (its socket's connection still
            # holds its response until this request begins) is gone by now.
            alive_at_start.append(sum(1 for r, s in refs[:-1] if r() is not None
                                      or s() is not None))

            def on_response(res: Any) -> None:
                refs.append((weakref.ref(res.req), weakref.ref(res)))

                def on_end() -> None:
                    if i + 1 < n:
                        one(i + 1)
                    else:
                        agent.destroy()
                        srv.close()

                res.on("end", on_end)
                res.resume()

            http.get(get_with(port, agent=agent), must_call(on_response))

        one(0)

    nodekit_server(_hello, client)
    assert len(refs) == n
    assert alive_at_start == [0] * n
    # The last pair went down with its socket (a socket's own listeners make
    # it a cycle: the collector's, once per connection, not per request).
    gc.collect()
    assert all(r() is None and s() is None for r, s in refs)


def test_the_links_a_user_holds_stay_readable(no_gc: None, must_call: Any) -> None:
    seen: list[Any] = []
    kept: dict[str, Any] = {}

    def client(srv: Any, port: int) -> None:
        agent = http.Agent(keep_alive=True, max_sockets=1)  # (one socket: reused)

        def on_response(res: Any) -> None:
            kept["res"] = res
            seen.append(("response", req.res is res, res.req is req))
            # (not capturing res: a listener of res holding res is a cycle of
            # the user's making)
            res.on("end", lambda: seen.append(("end", req.res is kept["res"],
                                               kept["res"].req is req)))
            res.resume()

        def on_close() -> None:
            seen.append(("close", req.res is kept["res"]))
            second = http.get(get_with(port, agent=agent), must_call(on_second))
            kept["second"] = second

        def on_second(res: Any) -> None:
            res.resume()
            res.on("end", lambda: (agent.destroy(), srv.close()))

        req = http.get(get_with(port, agent=agent), must_call(on_response))
        req.on("close", must_call(on_close))
        kept["req"] = req

    nodekit_server(_hello, client)
    req, res = kept["req"], kept["res"]
    assert seen == [("response", True, True), ("end", True, True), ("close", True)]
    # The exchange is over, the next request used the socket: the user who
    # holds the response still reads both links.
    assert res.req is req and req.res is res
    assert res.status_code == 200
    # Holding the request alone: Node would still give the response; here
    # req.res reads None once nothing holds the response (documented).
    res_ref = weakref.ref(res)
    del res, kept["res"]
    assert res_ref() is None and req.res is None


def test_setting_req_res_is_a_plain_strong_attribute() -> None:
    req = http.ClientRequest.__new__(http.ClientRequest)
    assert req.res is None
    req.res = http.IncomingMessage(None)  # (nothing else holds it)
    assert isinstance(req.res, http.IncomingMessage)
    req.res = None
    assert req.res is None
