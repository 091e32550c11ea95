"""http.Agent and http.global_agent, as the seed describes them: requests
default to ``Connection: keep-alive``; a socket is reused while requests wait
for it and closed when none do; with ``keep_alive=True`` free sockets stay
pooled (up to ``max_free_sockets``) and unref'd; ``max_sockets`` per origin
queues requests; ``sockets``/``free_sockets``/``requests``; ``destroy()``;
``get_name()``; ``'agentRemove'``; and a pooled socket the server closed is
dropped, never reused."""

from __future__ import annotations

import math
import socket
import threading

from conftest import run
from test_client_support import (
    IO_TIMEOUT,
    OK,
    Body,
    RawServer,
    get_resumed,
    get_with,
    nodekit_server,
)

from nodekit import http, net, next_tick, set_timeout


def keep_alive_server(responses: int = 10):
    """A raw handler answering up to ``responses`` requests on each connection."""

    def handler(conn):
        for _ in range(responses):
            head, _ = conn.read_request()
            if not head:
                return
            conn.send(OK)

    return handler


def answer_then_eof(response: bytes = OK, eofs: list | None = None):
    """A raw handler: one ``response``, then read until the client closes
    (what it read, b"" for a clean close, appended to ``eofs``)."""

    def handler(conn):
        conn.read_request()
        conn.send(response)
        rest = conn.read_to_eof()
        if eofs is not None:
            eofs.append(rest)

    return handler


def count(pool: dict) -> int:
    return sum(len(v) for v in pool.values())


# -- construction ---------------------------------------------------------------------


def test_global_agent_has_the_seeds_defaults():
    agent = http.global_agent
    assert isinstance(agent, http.Agent)
    assert agent.keep_alive is False
    assert agent.keep_alive_msecs == 1000
    assert agent.max_sockets == math.inf
    assert agent.max_free_sockets == 256
    assert (agent.sockets, agent.free_sockets, agent.requests) == ({}, {}, {})


def test_agent_options_may_be_a_dict_or_keywords():
    a = http.Agent({"keep_alive": True, "max_sockets": 3})
    b = http.Agent(keep_alive=True, keep_alive_msecs=500, max_free_sockets=2)
    assert (a.keep_alive, a.max_sockets) == (True, 3)
    assert (b.keep_alive, b.keep_alive_msecs, b.max_free_sockets) == (True, 500, 2)


def test_get_name_is_host_port_local_address():
    agent = http.Agent()
    assert agent.get_name({"host": "localhost", "port": 80}) == "localhost:80:"
    assert agent.get_name({}) == "localhost::"
    assert agent.get_name({"host": "a.example", "port": 8080,
                           "local_address": "127.0.0.2"}) == "a.example:8080:127.0.0.2"
    assert agent.get_name({"host": "h", "port": 1, "family": 6}) == "h:1::6"


def test_get_name_takes_keyword_arguments_like_every_option_object():
    # Node: agent.getName({host: '0.0.0.0', port: 80, localAddress: 'x'}) === '0.0.0.0:80:x'
    agent = http.Agent()
    assert agent.get_name(host="0.0.0.0", port=80, local_address="x") == "0.0.0.0:80:x"
    assert agent.get_name({"host": "0.0.0.0"}, port=80) == "0.0.0.0:80:"
    assert agent.get_name() == "localhost::"
    assert http.Agent.get_name(family=6, socket_path="/p") == "localhost:::6:/p"


def test_get_name_reads_the_attributes_of_any_object():
    # Node's getName(req) reads req.host, req.port ... as properties.
    class Target:
        host = "h.example"
        port = 8080
        local_address = None

    assert http.Agent().get_name(Target()) == "h.example:8080:"


def test_create_connection_may_answer_through_its_callback(must_call):
    # Node calls agent.createConnection(options, oncreate): the socket may come
    # back later through oncreate, or an error, which the request emits.
    got = []

    class Later(http.Agent):
        def create_connection(self, options, oncreate):
            sock = super().create_connection(options)
            set_timeout(lambda: oncreate(None, sock), 1)

    class Failing(http.Agent):
        def create_connection(self, options, oncreate):
            next_tick(oncreate, Exception("no socket"))

    def client(srv, port):
        agent = Later()

        def on_response(res):
            got.append(res.status_code)
            res.resume()
            res.on("end", lambda: (agent.destroy(), srv.close()))

        http.get(get_with(port, agent=agent), must_call(on_response))
        req = http.get(get_with(port, agent=Failing()), lambda res: got.append("no!"))
        req.on("error", must_call(lambda err: got.append(str(err))))
        req.on("close", must_call(lambda: got.append("close")))

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert sorted(map(str, got)) == ["200", "close", "no socket"]


def test_the_create_connection_option_may_raise_or_answer_later(must_call):
    got = []

    def later(options, oncreate):
        next_tick(oncreate, None, http.Agent().create_connection(options))

    def raising(options, oncreate):
        raise Exception("sync")

    def client(srv, port):
        def on_response(res):
            got.append(res.status_code)
            res.resume()
            res.on("end", srv.close)

        http.get(get_with(port, create_connection=later), must_call(on_response))
        req = http.get(get_with(port, create_connection=raising), lambda res: None)
        req.on("error", must_call(lambda err: got.append(str(err))))

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert sorted(map(str, got)) == ["200", "sync"]


def test_a_keep_alive_request_is_destroyed_at_its_responses_end_and_keeps_the_socket(
        must_call):
    # Node's responseKeepAlive sets req.destroyed before the user's 'end':
    # destroy() then is a no-op and the socket stays, free.
    seen = []

    def client(srv, port):
        agent = http.Agent(keep_alive=True)

        def on_response(res):
            def on_end():
                seen.append(req.destroyed)
                req.destroy()
                seen.append(req.socket.destroyed)
                next_tick(lambda: (seen.append(count(agent.free_sockets)), agent.destroy(),
                                   srv.close()))

            res.on("end", on_end)
            res.resume()

        req = http.get(get_with(port, agent=agent), must_call(on_response))

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert seen == [True, False, 1]


def test_a_request_without_an_agent_option_uses_the_global_agent():
    req = http.request({"port": 1})
    assert req.agent is http.global_agent
    req.on("error", lambda err: None)
    req.destroy()
    run()


def test_agent_false_gives_the_request_an_agent_of_its_own():
    req = http.request({"port": 1, "agent": False})
    assert isinstance(req.agent, http.Agent) and req.agent is not http.global_agent
    req.on("error", lambda err: None)
    req.destroy()
    run()


# -- the seed's default behaviour (keep_alive=False) ---------------------------------------


def test_the_default_agent_closes_a_socket_nobody_waits_for(must_call):
    agent = http.Agent()
    eofs = []

    with RawServer(answer_then_eof(eofs=eofs)) as srv:
        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", must_call(lambda: sockets.append(count(agent.sockets))))

        sockets: list = []
        run(main)
    assert eofs == [b""]
    # Node's rule: an agent that is not keep-alive and has no max_sockets
    # never reuses a socket, so its requests say so.
    assert b"Connection: close\r\n" in srv.requests[0]
    assert (agent.sockets, agent.free_sockets) == ({}, {})


def test_the_global_agent_still_asks_for_keep_alive(must_call):
    with RawServer(keep_alive_server()) as srv:
        def main():
            get_resumed(must_call, srv.port)

        run(main)
    assert b"Connection: keep-alive\r\n" in srv.requests[0]


def test_a_socket_is_reused_while_requests_wait_for_it(must_call):
    # max_sockets=1: the second request waits in agent.requests and then gets
    # the first one's socket; once nobody waits, the socket is closed.
    agent = http.Agent(max_sockets=1)
    log = []

    with RawServer(keep_alive_server()) as srv:
        def main():
            def on_response(res):
                res.resume()
                log.append((res.req.path, res.req.reused_socket))

            http.get(get_with(srv.port, "/1", agent=agent), must_call(on_response))
            r2 = http.get(get_with(srv.port, "/2", agent=agent), must_call(on_response))
            # (the requests ask the agent for sockets on the next tick)
            next_tick(lambda: log.append(("queued", list(agent.requests.values()) == [[r2]])))
            r2.on("close", must_call(lambda: set_timeout(
                lambda: log.append(("after", agent.sockets, agent.free_sockets)), 20)))

        run(main)
    assert len(srv.conns) == 1
    assert srv.requests[0].count(b"GET /") == 2
    assert log == [("queued", True), ("/1", False), ("/2", True), ("after", {}, {})]


def test_max_sockets_limits_connections_per_origin(must_call):
    agent = http.Agent(max_sockets=2)
    with RawServer(keep_alive_server()) as srv:
        def main():
            for i in range(6):
                get_resumed(must_call, srv.port, f"/{i}", agent=agent)
            next_tick(lambda: seen.append((count(agent.sockets), count(agent.requests))))

        seen: list = []
        run(main)
    assert seen == [(2, 4)]
    assert len(srv.conns) == 2
    assert sum(data.count(b"GET /") for data in srv.requests) == 6


def test_max_sockets_is_counted_per_origin(must_call):
    agent = http.Agent(max_sockets=1)
    with RawServer(keep_alive_server()) as a, RawServer(keep_alive_server()) as b:
        def main():
            for srv in (a, b, a, b):
                get_resumed(must_call, srv.port, agent=agent)
            next_tick(lambda: seen.append(sorted(agent.sockets)))

        seen: list = []
        run(main)
    assert seen == [sorted([f"127.0.0.1:{a.port}:", f"127.0.0.1:{b.port}:"])]
    assert (len(a.conns), len(b.conns)) == (1, 1)


def test_a_queued_request_gets_a_new_socket_when_the_busy_one_closes(must_call):
    # The server closes after its response (Connection: close): the waiting
    # request must not be handed the dead socket, it gets a new connection.
    agent = http.Agent(max_sockets=1)

    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")

    with RawServer(handler) as srv:
        def main():
            for i in range(2):
                http.get(get_with(srv.port, f"/{i}", agent=agent),
                         must_call(lambda res: Body(res, lambda b: bodies.append(b.data))))

        bodies: list = []
        run(main)
    assert bodies == [b"ok", b"ok"]
    assert len(srv.conns) == 2


def test_a_destroyed_queued_request_leaves_the_queue(must_call):
    agent = http.Agent(max_sockets=1)
    with RawServer(keep_alive_server()) as srv:
        def main():
            get_resumed(must_call, srv.port, agent=agent)
            queued = http.get(get_with(srv.port, agent=agent))
            queued.on("response", must_call.never())
            queued.on("error", must_call(lambda err: errors.append(err.code)))

            def destroy_it():
                assert count(agent.requests) == 1
                queued.destroy()
                assert agent.requests == {}

            next_tick(destroy_it)

        errors: list = []
        run(main)
    assert errors == ["ECONNRESET"]
    assert srv.requests[0].count(b"GET /") == 1


# -- keep_alive=True -----------------------------------------------------------------------------


def test_a_keep_alive_agent_pools_the_free_socket_and_reuses_it(must_call):
    agent = http.Agent(keep_alive=True)
    seen = []

    def second(srv):
        req = http.get(get_with(srv.port, agent=agent),
                       must_call(lambda res: Body(res, lambda b: agent.destroy())))
        seen.append(("reused", req.reused_socket))
        req.on("socket", lambda s: seen.append(("reused", req.reused_socket)))

    with RawServer(keep_alive_server()) as srv:
        def on_first_close():
            seen.append((count(agent.sockets), count(agent.free_sockets)))
            second(srv)

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", must_call(lambda: set_timeout(on_first_close, 0)))

        run(main)
    # Node's addRequest marks the request at once (reuseSocket, in the constructor).
    assert seen == [(0, 1), ("reused", True), ("reused", True)]
    assert len(srv.conns) == 1


def test_total_socket_count_counts_free_sockets_until_they_close(must_call):
    # Node v20.20's totalSocketCount: every socket of the pool, in use or free;
    # a free socket leaves the count only when it closes.
    agent = http.Agent(keep_alive=True)
    seen = []
    with RawServer(keep_alive_server()) as srv:
        def on_close():
            seen.append((count(agent.sockets), count(agent.free_sockets),
                         agent.total_socket_count))
            agent.destroy()
            set_timeout(lambda: seen.append(agent.total_socket_count), 10)

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("socket", lambda s: seen.append(agent.total_socket_count))
            req.on("close", must_call(lambda: next_tick(on_close)))

        run(main)
    assert seen == [1, (0, 1, 1), 0]


def test_a_free_socket_parked_by_hand_is_handed_out(must_call):
    # Node's test-http-agent-uninitialized: a socket the pool did not make,
    # put in free_sockets by the user, is the one add_request() hands out.
    agent = http.Agent(keep_alive=True)
    seen = []

    def client(srv, port):
        parked = net.connect(port, "127.0.0.1")
        agent.free_sockets[agent.get_name(get_with(port))] = [parked]

        def on_response(res):
            seen.append((req.socket is parked, req.reused_socket, res.status_code))
            res.resume()
            res.on("end", lambda: (parked.destroy(), srv.close()))

        req = http.get(get_with(port, agent=agent), must_call(on_response))

    nodekit_server(lambda req, res: res.end("ok"), client)
    assert seen == [(True, True, 200)]


def test_free_sockets_are_unrefd_so_they_do_not_keep_the_program_alive(must_call):
    agent = http.Agent(keep_alive=True)
    with RawServer(keep_alive_server()) as srv:
        run(lambda: get_resumed(must_call, srv.port, agent=agent))
        # run() returned although the socket is still open in the pool.
        pooled = [s for socks in agent.free_sockets.values() for s in socks]
        assert len(pooled) == 1 and not pooled[0].destroyed
        run(agent.destroy)
    assert agent.free_sockets == {}


def test_free_sockets_get_tcp_keep_alive(must_call):
    agent = http.Agent(keep_alive=True, keep_alive_msecs=2000)
    flags = []
    with RawServer(keep_alive_server()) as srv:
        def check():
            sock = agent.free_sockets[f"127.0.0.1:{srv.port}:"][0]
            raw = sock._raw_socket()
            flags.append(raw.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))
            if hasattr(socket, "TCP_KEEPIDLE"):
                flags.append(raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE))
            agent.destroy()

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", lambda: set_timeout(check, 0))

        run(main)
    assert flags[0] == 1
    assert flags[1:] in ([], [2])


def test_max_free_sockets_bounds_the_pool(must_call):
    agent = http.Agent(keep_alive=True, max_free_sockets=2)
    seen = []
    with RawServer(keep_alive_server()) as srv:
        def main():
            left = {"n": 4}

            def done():
                left["n"] -= 1
                if not left["n"]:
                    set_timeout(lambda: (seen.append(count(agent.free_sockets)),
                                         agent.destroy()), 20)

            for _ in range(4):
                req = get_resumed(must_call, srv.port, agent=agent)
                req.on("close", done)

        run(main)
    assert seen == [2]
    assert len(srv.conns) == 4


def test_agent_destroy_closes_free_and_busy_sockets(must_call):
    agent = http.Agent(keep_alive=True)
    eofs = []

    def handler(conn):
        head, _ = conn.read_request()
        if b"/slow" not in head:
            conn.send(OK)
            head, _ = conn.read_request()
        eofs.append(conn.read_to_eof())

    with RawServer(handler) as srv:
        def main():
            get_resumed(must_call, srv.port, "/fast", agent=agent)
            slow = http.get(get_with(srv.port, "/slow", agent=agent))
            slow.on("error", must_call(lambda err: errors.append(err.code)))

            def destroy():
                seen.append((count(agent.sockets), count(agent.free_sockets)))
                agent.destroy()

            set_timeout(destroy, 100)

        errors: list = []
        seen: list = []
        run(main)
    assert seen == [(1, 1)]
    assert eofs == [b"", b""]
    assert errors == ["ECONNRESET"]
    assert (agent.sockets, agent.free_sockets) == ({}, {})


def test_a_free_socket_the_server_closed_is_dropped_not_reused(must_call):
    # The server ends idle connections after one response; the next request
    # must go out on a new connection instead of failing on the dead one.
    agent = http.Agent(keep_alive=True)
    closed = threading.Event()

    def handler(conn):
        conn.read_request()
        conn.send(OK)
        conn.close()
        closed.set()

    with RawServer(handler) as srv:
        def second():
            http.get(get_with(srv.port, "/2", agent=agent),
                     must_call(lambda res: Body(res, lambda b: (bodies.append(b.data),
                                                                agent.destroy()))))

        def wait_for_eof():
            # Give the pooled socket time to see the server's FIN.
            if closed.is_set() and not agent.free_sockets:
                second()
            else:
                set_timeout(wait_for_eof, 10)

        def main():
            req = get_resumed(must_call, srv.port, "/1", agent=agent)
            req.on("close", lambda: set_timeout(wait_for_eof, 0))

        bodies: list = []
        run(main)
    assert bodies == [b"ok"]
    assert len(srv.conns) == 2


def test_a_free_socket_reset_by_the_server_is_dropped_quietly(must_call):
    agent = http.Agent(keep_alive=True)
    reset = threading.Event()

    def handler(conn):
        conn.read_request()
        conn.send(OK)
        reset.wait(IO_TIMEOUT)
        conn.reset()

    with RawServer(handler) as srv:
        def wait_for_drop():
            if agent.free_sockets:
                set_timeout(wait_for_drop, 10)

        def pooled():
            assert count(agent.free_sockets) == 1
            reset.set()
            set_timeout(wait_for_drop, 0)

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", lambda: next_tick(pooled))  # 'free' follows 'close'

        run(main)  # an 'error' without a listener would make run() raise
    assert (agent.sockets, agent.free_sockets) == ({}, {})


def test_a_free_socket_the_server_sends_bytes_on_is_destroyed_not_reused(must_call):
    # A keep-alive release leaves the socket's client connection attached in
    # the pool's role: any byte from the server on an idle socket drops it.
    agent = http.Agent(keep_alive=True)
    stray = threading.Event()
    eofs = []

    def handler(conn):
        conn.read_request()
        conn.send(OK)
        stray.wait(IO_TIMEOUT)
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        eofs.append(conn.read_to_eof())

    with RawServer(handler) as srv:
        closed = []

        def wait_for_drop():
            if agent.free_sockets:
                set_timeout(wait_for_drop, 10)
            else:
                closed.append((agent.sockets, agent.total_socket_count))

        def pooled():
            (sock,) = agent.free_sockets[agent.get_name(get_with(srv.port))]
            sock.on("close", lambda *_: closed.append("close"))
            stray.set()
            set_timeout(wait_for_drop, 0)

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", lambda: next_tick(pooled))  # 'free' follows 'close'

        run(main)
    assert closed == ["close", ({}, 0)]
    assert eofs == [b""]


def test_a_socket_removed_from_the_pool_at_the_response_end_reads_on_its_own(must_call):
    # 'agentRemove' in the response's 'end' (after the keep-alive release):
    # the socket is the application's, its bytes go to its 'data' listeners.
    agent = http.Agent(keep_alive=True)
    more = threading.Event()

    def handler(conn):
        conn.read_request()
        conn.send(OK)
        more.wait(IO_TIMEOUT)
        conn.send(b"after")
        conn.close()

    with RawServer(handler) as srv:
        got = []

        def on_response(res):
            sock = res.socket

            def on_end():
                sock.emit("agentRemove")
                sock.on("data", got.append)
                sock.on("end", lambda: (got.append("end"), sock.destroy()))
                more.set()

            res.on("end", on_end)
            res.resume()

        def main():
            http.get(get_with(srv.port, agent=agent), must_call(on_response))

        run(main)
    assert got == [b"after", "end"]
    assert (agent.sockets, agent.free_sockets, agent.total_socket_count) == ({}, {}, 0)


def test_a_connection_close_response_is_not_pooled(must_call):
    agent = http.Agent(keep_alive=True)

    response = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
    with RawServer(answer_then_eof(response)) as srv:
        run(lambda: get_resumed(must_call, srv.port, agent=agent))
    assert (agent.sockets, agent.free_sockets) == ({}, {})


def test_an_http_1_0_response_without_keep_alive_is_not_pooled(must_call):
    agent = http.Agent(keep_alive=True)

    with RawServer(answer_then_eof(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")) as srv:
        run(lambda: get_resumed(must_call, srv.port, agent=agent))
    assert agent.free_sockets == {}


def test_a_request_that_sent_connection_close_does_not_pool_its_socket(must_call):
    agent = http.Agent(keep_alive=True)
    with RawServer(keep_alive_server()) as srv:
        run(lambda: get_resumed(must_call, srv.port, agent=agent, headers={"Connection": "close"}))
    assert agent.free_sockets == {}


def test_a_keep_alive_agent_serves_many_requests_on_few_connections(must_call):
    agent = http.Agent(keep_alive=True, max_sockets=2)
    bodies: list = []

    def client(srv, port):
        def one(i):
            http.get(get_with(port, f"/{i}", agent=agent),
                     must_call(lambda res: Body(res, lambda b: done(b.data))))

        def done(data):
            bodies.append(data)
            if len(bodies) == 20:
                agent.destroy()
                srv.close()

        for i in range(20):
            one(i)

    connections = []
    nodekit_server(lambda req, res: res.end(req.url), client,
                   setup=lambda srv: srv.on("connection", connections.append))
    assert sorted(bodies) == sorted(f"/{i}".encode() for i in range(20))
    assert len(connections) == 2


def test_the_request_reaches_the_agent_at_once_and_its_socket_a_tick_later(must_call):
    # Node's ClientRequest constructor calls agent.addRequest() itself; only
    # onSocket waits for the next tick (onSocketNT emits 'socket').
    agent = http.Agent(keep_alive=True)
    seen = []

    def on_response(res):
        res.on("end", agent.destroy)
        res.resume()

    with RawServer(keep_alive_server()) as srv:
        def main():
            req = http.get(get_with(srv.port, agent=agent), must_call(on_response))
            seen.append((count(agent.sockets), req.socket))
            req.on("socket", lambda _sock: seen.append("socket"))
            next_tick(lambda: seen.append(req.socket is not None))

        run(main)
    assert seen == [(1, None), "socket", True]


def test_a_request_sent_in_the_previous_end_gets_a_new_connection(must_call):
    # As in Node v20: 'end' comes before the socket is freed (a tick later),
    # so without a max_sockets limit the next request opens a connection.
    agent = http.Agent(keep_alive=True)
    sockets = []

    def first(res):
        sockets.append(res.socket)
        res.on("end", lambda: http.get(get_with(srv.port, agent=agent), must_call(second)))
        res.resume()

    def second(res):
        sockets.append(res.socket)
        res.on("end", agent.destroy)
        res.resume()

    with RawServer(keep_alive_server()) as srv:
        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(first)))
    assert len(srv.conns) == 2
    assert sockets[0] is not sockets[1]


# -- agentRemove ------------------------------------------------------------------------------


def test_agent_remove_takes_the_socket_out_of_the_pool(must_call):
    # The seed's example: socket.emit('agentRemove') in the 'socket' listener.
    agent = http.Agent(keep_alive=True)
    seen = []
    with RawServer(keep_alive_server()) as srv:
        def on_socket(sock):
            sock.emit("agentRemove")
            seen.append(count(agent.sockets))

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("socket", on_socket)
            req.on("close", lambda: set_timeout(
                lambda: seen.append((agent.sockets, agent.free_sockets)), 10))

        run(main)
    assert seen == [0, ({}, {})]


def test_the_socket_of_a_removed_request_is_closed_after_its_response(must_call):
    agent = http.Agent(keep_alive=True)
    eofs = []

    with RawServer(answer_then_eof(eofs=eofs)) as srv:
        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("socket", lambda sock: sock.emit("agentRemove"))

        run(main)
    assert eofs == [b""]


def test_agent_remove_by_the_user_takes_the_agents_listeners_off_the_socket(must_call):
    # Node's onRemove: 'free', 'close', 'agentRemove' and 'timeout' each lose
    # the agent's one listener; the request's own listeners stay.
    events = ("free", "close", "agentRemove", "timeout")
    agent = http.Agent(keep_alive=True)
    seen = []
    with RawServer(keep_alive_server()) as srv:
        def on_socket(sock):
            before = [sock.listener_count(ev) for ev in events]
            sock.emit("agentRemove")
            after = [sock.listener_count(ev) for ev in events]
            seen.append([b - a for b, a in zip(before, after, strict=True)])
            seen.append(agent.total_socket_count)

        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("socket", on_socket)

        run(main)
    assert seen == [[1, 1, 1, 1], 0]


# -- a foreign server ---------------------------------------------------------------------------


def test_keep_alive_with_a_nodekit_server_reuses_one_connection(must_call):
    agent = http.Agent(keep_alive=True)
    connections = []
    got = []

    def client(srv, port):
        def one(i):
            def on_response(res):
                Body(res, lambda b: after(b.data))

            http.get(get_with(port, f"/{i}", agent=agent), must_call(on_response))

        def after(data):
            got.append(data)
            if len(got) < 3:
                set_timeout(lambda: one(len(got)), 0)
            else:
                agent.destroy()
                srv.close()

        one(0)

    nodekit_server(lambda req, res: res.end(req.url), client,
                   setup=lambda srv: srv.on("connection", connections.append))
    assert got == [b"/0", b"/1", b"/2"]
    assert len(connections) == 1


# -- more ways a socket comes back -------------------------------------------------------------


def test_a_discarded_response_still_frees_its_socket_for_reuse(must_call):
    agent = http.Agent(keep_alive=True)
    with RawServer(keep_alive_server()) as srv:
        def second():
            http.get(get_with(srv.port, agent=agent),
                     must_call(lambda res: Body(res, lambda b: agent.destroy())))

        def main():
            req = http.get(get_with(srv.port, agent=agent))  # no 'response' listener
            req.on("close", must_call(lambda: next_tick(second)))

        run(main)
    assert len(srv.conns) == 1
    assert srv.requests[0].count(b"GET /") == 2


def test_a_response_that_arrives_before_the_request_ends_frees_the_socket_at_finish(must_call):
    # The server answers right after the head; the client finishes its body
    # later: the socket goes back to the pool only then, and is reused.
    agent = http.Agent(keep_alive=True)

    def handler(conn):
        conn.read_head()
        conn.send(OK)
        conn.read_until(b"0\r\n\r\n")
        conn.read_request()
        conn.send(OK)
        conn.read_to_eof()

    log = []
    with RawServer(handler) as srv:
        def main():
            req = http.request(get_with(srv.port, method="POST", agent=agent))

            def on_response(res):
                res.resume()
                res.on("end", lambda: (log.append(("ended", count(agent.free_sockets))),
                                       req.end("late body")))

            req.on("response", must_call(on_response))
            req.on("close", must_call(lambda: next_tick(second)))
            req.flush_headers()

        def second():
            log.append(("free", count(agent.free_sockets)))
            http.get(get_with(srv.port, agent=agent),
                     must_call(lambda res: Body(res, lambda b: agent.destroy())))

        run(main)
    assert log == [("ended", 0), ("free", 1)]
    assert len(srv.conns) == 1
    assert b"late body" in srv.requests[0]


def test_destroying_a_response_midway_closes_its_socket(must_call):
    agent = http.Agent(keep_alive=True)
    eofs = []

    response = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"
    with RawServer(answer_then_eof(response, eofs=eofs)) as srv:
        def on_response(res):
            res.on("aborted", must_call())
            res.once("data", lambda d: res.destroy())

        run(lambda: http.get(get_with(srv.port, agent=agent), must_call(on_response)))
    assert eofs == [b""]
    assert (agent.sockets, agent.free_sockets) == ({}, {})


def test_the_agent_timeout_closes_idle_free_sockets(must_call):
    agent = http.Agent(keep_alive=True, timeout=50)
    eofs = []

    with RawServer(answer_then_eof(eofs=eofs)) as srv:
        def main():
            req = get_resumed(must_call, srv.port, agent=agent)
            # The free socket is unref'd: keep the loop alive until it is gone.
            req.on("close", lambda: next_tick(wait))

        def wait():
            if agent.free_sockets:
                set_timeout(wait, 10)

        run(main)
    assert eofs == [b""]
    assert agent.free_sockets == {}


def test_a_reused_socket_does_not_pile_up_listeners(must_call):
    agent = http.Agent(keep_alive=True)
    counts = []

    def listener_counts(sock):
        return {ev: sock.listener_count(ev) for ev in ("error", "close", "timeout", "drain",
                                                         "end", "free")}

    with RawServer(keep_alive_server(responses=20)) as srv:
        def one(i):
            req = get_resumed(must_call, srv.port, agent=agent)
            req.on("close", lambda: next_tick(after, i, req))

        def after(i, req):
            counts.append(listener_counts(req.socket))
            if i < 14:
                one(i + 1)
            else:
                agent.destroy()

        run(lambda: one(0))
    assert len(srv.conns) == 1
    assert counts[-1] == counts[0]


def test_the_requests_timeout_listener_is_its_own_and_leaves_at_the_response_end(must_call):
    # Node's listenSocketTimeout: with a timeout the request adds one once
    # 'timeout' listener to its socket (besides the agent's), gone before the
    # user's 'end' listeners run; without one it adds none.
    counts = []
    with RawServer(keep_alive_server()) as srv:
        def one(options, then):
            req = http.get(get_with(srv.port, agent=agent, **options))

            def on_response(res):
                res.on("end", lambda: counts.append(("end", req.socket.listener_count("timeout"))))
                res.resume()

            req.on("socket", lambda s: counts.append(("socket", s.listener_count("timeout"))))
            req.on("response", must_call(on_response))
            req.on("close", must_call(lambda: set_timeout(then, 0)))

        agent = http.Agent(keep_alive=True)
        run(lambda: one({"timeout": 1000}, lambda: one({}, agent.destroy)))
    assert counts == [("socket", 2), ("end", 1), ("socket", 1), ("end", 1)]


def test_a_socket_timeout_reaches_the_response_not_a_request_without_a_timeout(must_call):
    # Node's responseOnTimeout: the socket's 'timeout' is the response's; the
    # request has no 'timeout' of its own (no timeout option, no set_timeout()).
    def partial(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        conn.read_to_eof()

    seen = []
    with RawServer(partial) as srv:
        def on_response(res):
            res.on("timeout", must_call(lambda: seen.append(req.socket.listener_count("timeout"))))
            res.on("timeout", lambda: req.destroy())
            res.on("error", lambda err: None)
            res.resume()
            req.socket.set_timeout(20)

        def main():
            nonlocal req
            req = http.get(get_with(srv.port), must_call(on_response))
            req.on("timeout", lambda: seen.append("request timeout"))
            req.on("error", lambda err: None)

        req = None
        run(main)
    assert seen == [1]  # the agent's; the response's is no listener


def test_max_total_sockets_may_be_infinite():
    # Node v20.20 accepts maxTotalSockets: Infinity (its own test uses it).
    assert http.Agent(max_total_sockets=math.inf).max_total_sockets == math.inf
