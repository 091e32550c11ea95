"""Today's ``http.Agent`` (issue 15, API.md §11) on the wire: ``timeout``,
``scheduling``, ``max_total_sockets``, the hooks the pool calls
(``keep_socket_alive``, ``reuse_socket``, ``create_connection`` in both of
Node's forms), the agent's ``'free'`` event, and the stale pooled socket:
the server's ``Keep-Alive: timeout=N`` hint and ``req.reused_socket``."""

from __future__ import annotations

import asyncio

import pytest
from conftest import run
from test_client_support import OK, Body, RawServer, get_resumed, get_with, respond

from nodekit import clear_timeout, events, http, net, set_timeout
from nodekit.runtime import spawn

HINTED = b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=%d\r\nContent-Length: 2\r\n\r\nok"


def serve_then_wait_for_eof(response: bytes):
    """Answer one request, then record whether the client closed the connection."""
    closed = []

    def handler(conn):
        conn.read_request()
        conn.send(response)
        try:
            closed.append(conn.sock.recv(1) == b"")
        except TimeoutError:
            closed.append(False)  # still open after IO_TIMEOUT

    return handler, closed


def hold_loop_until_closed(sock):
    """A free socket is unref'd: keep run() going until ``sock`` closes."""
    alive = set_timeout(lambda: None, 10_000)
    sock.on("close", lambda *_: clear_timeout(alive))


def after_close(req, fn):
    """``fn()`` once the request closed and its socket went back to the agent."""
    req.on("close", lambda: set_timeout(fn, 0))


def idle_timeout_of_pooled_socket(response: bytes, agent, must_call):
    """Serve ``response`` to one GET on ``agent``; the pooled socket's idle
    timeout once the request closed, and whether the client then closed it."""
    handler, closed = serve_then_wait_for_eof(response)
    idle = []
    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            req.on("socket", hold_loop_until_closed)
            after_close(req, lambda: idle.append(req.socket.timeout))

        run(main)
    return idle, closed


# -- timeout --------------------------------------------------------------------------------


def test_agent_timeout_closes_an_idle_pooled_socket(must_call):
    handler, closed = serve_then_wait_for_eof(OK)
    agent = http.Agent(keep_alive=True, timeout=50)
    seen = []
    with RawServer(handler) as srv:
        def main():
            def on_response(res):
                res.resume()
                hold_loop_until_closed(res.socket)
                res.socket.on("timeout", must_call(lambda: seen.append(
                    sum(map(len, agent.free_sockets.values())))))
                res.socket.on("close", must_call(lambda *_: seen.append(agent.free_sockets)))

            http.get(get_with(srv.port, agent=agent), must_call(on_response))

        run(main)
    assert seen == [1, {}]  # it was pooled, timed out, and left the pool
    assert closed == [True]


# -- scheduling -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheduling", ["lifo", "fifo"])
def test_scheduling_picks_the_last_or_first_freed_socket(scheduling, must_call):
    agent = http.Agent(keep_alive=True, scheduling=scheduling)
    freed = []
    agent.on("free", lambda sock, options: freed.append(sock))
    reused = []
    with RawServer(respond(OK, requests=2)) as srv:
        def main():
            def third():
                req = http.get(get_with(srv.port, agent=agent),
                               must_call(lambda res: Body(res, lambda b: agent.destroy())))
                req.on("socket", lambda sock: reused.append(sock))

            left = [2]

            def done():
                left[0] -= 1
                if left[0] == 0:
                    third()

            for path in ("/a", "/b"):
                req = get_resumed(must_call, srv.port, path, agent=agent)
                after_close(req, done)

        run(main)
    assert len(srv.conns) == 2 and len(freed) == 3
    assert reused[0] is (freed[1] if scheduling == "lifo" else freed[0])


def test_scheduling_is_validated():
    with pytest.raises(TypeError) as info:
        http.Agent(scheduling="filo")
    assert info.value.code == "ERR_INVALID_ARG_VALUE"


# -- max_total_sockets -----------------------------------------------------------------------


def test_max_total_sockets_caps_connections_across_origins(must_call):
    agent = http.Agent(max_total_sockets=1)
    most = []
    with RawServer(respond(OK, requests=3)) as a, RawServer(respond(OK, requests=3)) as b:
        def main():
            def on_socket(_sock):
                most.append(agent.total_socket_count)

            for port in (a.port, b.port, a.port, b.port):
                req = get_resumed(must_call, port, agent=agent)
                req.on("socket", on_socket)

        run(main)
    assert max(most) == 1
    assert sum(data.count(b"GET / ") for data in a.requests + b.requests) == 4


# -- the hooks --------------------------------------------------------------------------------


def test_keep_socket_alive_false_closes_the_free_socket(must_call):
    handler, closed = serve_then_wait_for_eof(OK)
    agent = http.Agent(keep_alive=True)
    agent.keep_socket_alive = must_call(lambda sock: False)
    with RawServer(handler) as srv:
        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume())))
    assert closed == [True]
    assert agent.free_sockets == {}


def test_reuse_socket_is_called_with_the_pooled_socket_and_the_request(must_call):
    agent = http.Agent(keep_alive=True)
    calls = []
    original = agent.reuse_socket

    def reuse(sock, req):
        calls.append((sock, req))
        original(sock, req)

    agent.reuse_socket = must_call(reuse)
    with RawServer(respond(OK, requests=2)) as srv:
        def main():
            def second():
                req = http.get(get_with(srv.port, agent=agent),
                               must_call(lambda res: Body(res, lambda b: agent.destroy())))
                assert calls == [(first.socket, req)]
                assert req.reused_socket is True

            first = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            after_close(first, second)

        run(main)
    assert len(srv.conns) == 1


def test_create_connection_may_call_back_instead_of_returning(must_call):
    seen = {}

    class CallbackAgent(http.Agent):
        def create_connection(self, options, callback=None):
            seen["options"] = options
            callback(None, net.connect(options["port"], options["host"]))
            return None

    agent = CallbackAgent(keep_alive=True, keep_alive_msecs=2000)
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(
            lambda res: Body(res, lambda b: agent.destroy()))))
    assert srv.requests[0].startswith(b"GET / HTTP/1.1\r\n")
    assert seen["options"]["keep_alive"] is True
    assert seen["options"]["keep_alive_initial_delay"] == 2000


def test_create_connection_error_through_the_callback_fails_the_request(must_call):
    agent = http.Agent()
    err = OSError("no route")
    agent.create_connection = lambda options, callback: callback(err, None)
    out = []
    run(lambda: http.get(get_with(1, agent=agent)).on(
        "error", must_call(lambda e: out.append(e))))
    assert out == [err]
    assert agent.sockets == {}


def test_agent_emits_free_with_the_socket_and_its_options(must_call):
    agent = http.Agent(keep_alive=True)
    got = []
    with RawServer(respond(OK)) as srv:
        def main():
            agent.on("free", must_call(lambda sock, options: (
                got.append((sock, options["host"], options["port"])), agent.destroy())))
            req = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            req.on("socket", lambda sock: got.append(sock))

        run(main)
    assert got[1] == (got[0], "127.0.0.1", srv.port)


# -- the stale pooled socket --------------------------------------------------------------------


def test_keep_alive_hint_bounds_the_idle_time_of_a_pooled_socket(must_call):
    agent = http.Agent(keep_alive=True)
    idle, closed = idle_timeout_of_pooled_socket(HINTED % 2, agent, must_call)
    # timeout=2 (s): the client drops it 1 s before the server would.
    assert idle == [1000]
    assert closed == [True]
    assert agent.free_sockets == {}


def test_keep_alive_hint_lowers_but_never_raises_the_agent_timeout(must_call):
    agent = http.Agent(keep_alive=True, timeout=300)
    idle = []
    with RawServer(respond(HINTED % 60)) as srv:
        def main():
            req = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            after_close(req, lambda: (idle.append(req.socket.timeout), agent.destroy()))

        run(main)
    assert idle == [300]


def test_keep_alive_hint_of_one_second_is_not_pooled(must_call):
    handler, closed = serve_then_wait_for_eof(HINTED % 1)
    agent = http.Agent(keep_alive=True)
    pooled = []
    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            after_close(req, lambda: pooled.append(agent.free_sockets))

        run(main)
    assert pooled == [{}]
    assert closed == [True]


def test_reused_socket_tells_a_fresh_connection_from_a_pooled_one(must_call):
    agent = http.Agent(keep_alive=True)
    flags = []
    with RawServer(respond(OK, requests=2)) as srv:
        def main():
            def second():
                req = http.get(get_with(srv.port, agent=agent),
                               must_call(lambda res: Body(res, lambda b: agent.destroy())))
                flags.append(req.reused_socket)

            first = http.get(get_with(srv.port, agent=agent), must_call(lambda r: r.resume()))
            flags.append(first.reused_socket)
            after_close(first, second)

        run(main)
    assert flags == [False, True]


def test_the_documented_retry_recipe_survives_a_reset_on_a_reused_socket():
    # docs/async.md's recipe: connection 0 answers once, then resets the next
    # request written on it (the stale-socket race, made deterministic).
    def handler(conn):
        conn.read_request()
        conn.send(OK)
        if conn.index == 0:
            conn.read_request()
            conn.reset()

    agent = http.Agent(keep_alive=True)
    attempts = []

    async def get(url, tries=2):
        for attempt in range(tries):
            req = http.get(url, agent=agent)
            attempts.append(req)
            try:
                (res,) = await events.once(req, "response")
                return res
            except OSError as err:
                stale = req.reused_socket and err.code == "ECONNRESET"
                if not stale or attempt == tries - 1:
                    raise
        return None

    statuses = []

    async def main():
        url = f"http://127.0.0.1:{srv.port}/"
        for _ in range(2):
            res = await get(url)
            statuses.append(res.status_code)
            closed = events.once(attempts[-1], "close")
            res.resume()
            await closed
            await asyncio.sleep(0)  # the socket goes back to the pool a tick later
        agent.destroy()

    with RawServer(handler) as srv:
        run(lambda: spawn(main()))
    assert statuses == [200, 200]
    assert [req.reused_socket for req in attempts] == [False, True, False]
    assert len(srv.conns) == 2


def test_keep_alive_hint_is_read_from_every_keep_alive_line(must_call):
    # Two lines, as res.headers joins them ('max=5, timeout=2'): the hint is
    # found in the second one.
    response = (b"HTTP/1.1 200 OK\r\nKeep-Alive: max=5\r\nkeep-alive: timeout=2\r\n"
                b"Content-Length: 2\r\n\r\nok")
    agent = http.Agent(keep_alive=True)
    idle, closed = idle_timeout_of_pooled_socket(response, agent, must_call)
    assert idle == [1000]
    assert closed == [True]
