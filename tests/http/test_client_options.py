"""Today's client options (issue 15, API.md §11) on the wire: ``signal``,
``set_host``, ``lookup``, ``family``, ``local_port``, ``insecure_http_parser``,
``timeout``, ``join_duplicate_headers``, ``unique_headers`` on
``http.request``; ``http.global_agent`` assignment. Expectations checked
against Node v20 with the same calls."""

from __future__ import annotations

import pytest
from conftest import run
from test_client_support import OK, Body, RawServer, free_port, get_resumed, get_with, respond

from nodekit import AbortController, AbortError, AbortSignal, http, set_timeout


def hold(conn):
    """A RawServer handler: read the request, then wait for the client to go."""
    conn.read_request()
    conn.read_to_eof()


# -- signal -----------------------------------------------------------------------------


def test_signal_abort_destroys_a_request_in_flight(must_call):
    out = {}

    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 102 Processing\r\n\r\n")  # "got it": the client aborts now
        conn.read_to_eof()

    with RawServer(handler) as srv:
        def main():
            controller = AbortController()
            req = http.get(get_with(srv.port, signal=controller.signal), must_call.never())
            req.on("information", must_call(lambda info: controller.abort("user gave up")))
            req.on("error", must_call(lambda err: out.setdefault("err", err)))
            req.on("close", must_call(lambda: out.setdefault("destroyed", req.destroyed)))

        run(main)
    err = out["err"]
    assert isinstance(err, AbortError)
    assert (err.code, err.cause) == ("ABORT_ERR", "user gave up")
    assert out["destroyed"] is True
    assert srv.requests[0].startswith(b"GET / HTTP/1.1\r\n")  # sent, then the socket closed


def test_signal_already_aborted_sends_nothing(must_call):
    out = {}
    with RawServer(respond(OK)) as srv:
        def main():
            req = http.get(get_with(srv.port, signal=AbortSignal.abort()), must_call.never())
            out["destroyed"] = req.destroyed
            req.on("error", must_call(lambda err: out.setdefault("code", err.code)))

        run(main)
    assert out == {"destroyed": True, "code": "ABORT_ERR"}
    assert srv.conns == []  # not even a connection (Node opens one and frees it)


def test_signal_abort_after_the_response_began_aborts_the_response(must_call):
    out = []
    partial = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"

    def handler(conn):
        conn.read_request()
        conn.send(partial)
        conn.read_to_eof()

    with RawServer(handler) as srv:
        def main():
            controller = AbortController()

            def on_response(res):
                res.on("aborted", must_call(lambda: out.append("res aborted")))
                res.on("close", must_call(lambda: out.append("res close")))
                res.once("data", lambda chunk: controller.abort())

            req = http.get(get_with(srv.port, signal=controller.signal), must_call(on_response))
            req.on("error", must_call(lambda err: out.append(err.code)))

        run(main)
    assert "ABORT_ERR" in out and "res aborted" in out and "res close" in out


def test_signal_listener_is_removed_when_the_request_closes():
    controller = AbortController()
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port, signal=controller.signal), lambda r: r.resume()))
    assert controller.signal.event_listeners("abort") == []


def test_signal_must_be_a_signal():
    with pytest.raises(TypeError) as info:
        http.request(get_with(1, signal="nope"))
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


# -- set_host ----------------------------------------------------------------------------


def test_set_host_false_sends_no_host_header():
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port, set_host=False), lambda r: r.resume()))
    assert b"\r\nhost:" not in srv.requests[0].lower()


@pytest.mark.parametrize("value, sent", [(0, False), (None, False), ("", False),
                                         ("no", True), (1, True)])
def test_set_host_is_taken_as_a_truth_value(value, sent):
    # Node v20: Boolean(options.setHost), no type check (null and 0 send none).
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port, set_host=value), lambda r: r.resume()))
    assert (b"\r\nhost:" in srv.requests[0].lower()) is sent


# -- high_water_mark ---------------------------------------------------------------------


@pytest.mark.parametrize("hwm, expected", [(128000, 128000), (0, 0), (None, 16 * 1024)])
def test_high_water_mark_reaches_the_socket_and_the_response(hwm, expected):
    # Node hands the request's options to the agent's connection: the socket's
    # readable high water mark, and so the response's (0 included).
    seen = []

    def on_response(res):
        seen.append((res.socket.readable_high_water_mark, res.readable_high_water_mark))
        res.resume()

    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(get_with(srv.port, high_water_mark=hwm), on_response))
    assert seen == [(expected, expected)]


# -- lookup and family ------------------------------------------------------------------


def test_lookup_resolves_the_host(must_call):
    asked = []

    def lookup(hostname, options, callback):
        asked.append((hostname, options["family"]))
        callback(None, "127.0.0.1", 4)

    with RawServer(respond(OK)) as srv:
        def main():
            req = http.get({"host": "service.invalid", "port": srv.port, "lookup": lookup},
                           must_call(lambda r: r.resume()))
            req.on("socket", must_call(lambda s: s.on("lookup", must_call(
                lambda err, address, family, host: asked.append((err, address, family, host))))))

        run(main)
    assert asked == [("service.invalid", 0), (None, "127.0.0.1", 4, "service.invalid")]
    assert f"Host: service.invalid:{srv.port}\r\n".encode() in srv.requests[0]


@pytest.mark.parametrize("auto", [True, False])
def test_auto_select_family_reaches_the_connection(must_call, auto):
    # Node's http.request passes autoSelectFamily to net.connect: on, every
    # address of the lookup is tried (127.0.0.2 refuses); off, only the first.
    seen = []

    def lookup(hostname, options, callback):
        seen.append(options["all"])
        both = [{"address": "127.0.0.2", "family": 4}, {"address": "127.0.0.1", "family": 4}]
        if options["all"]:
            callback(None, both)
        else:
            callback(None, "127.0.0.2", 4)

    with RawServer(respond(OK)) as srv:
        def main():
            req = http.get({"host": "service.invalid", "port": srv.port, "lookup": lookup,
                            "auto_select_family": auto},
                           lambda res: (seen.append(res.status_code), res.resume()))
            req.on("error", lambda err: seen.append(err.code))

        run(main)
    assert seen == ([True, 200] if auto else [False, "ECONNREFUSED"])


def test_lookup_error_is_the_request_error(must_call):
    def lookup(hostname, options, callback):
        err = OSError(f"getaddrinfo ENOTFOUND {hostname}")
        err.code = "ENOTFOUND"
        callback(err, None, None)

    codes = []
    run(lambda: http.get({"host": "nowhere.invalid", "lookup": lookup}).on(
        "error", must_call(lambda err: codes.append(err.code))))
    assert codes == ["ENOTFOUND"]


def test_lookup_must_be_callable():
    with pytest.raises(TypeError) as info:
        http.request(get_with(1, lookup="dns"))
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_family_6_connects_over_ipv6_and_the_lookup_is_asked_for_it(must_call):
    asked = []

    def lookup(hostname, options, callback):
        asked.append(options["family"])
        callback(None, "::1", 6)

    with RawServer(respond(OK), host="::1") as srv:
        def main():
            http.get({"host": "v6.invalid", "port": srv.port, "family": 6, "lookup": lookup},
                     must_call(lambda r: r.resume()))
            req = http.get({"host": "::1", "port": srv.port, "family": 6},
                           must_call(lambda r: r.resume()))
            req.on("socket", lambda s: s.on("connect", lambda: asked.append(s.remote_family)))

        run(main)
    assert sorted(asked, key=str) == [6, "IPv6"]
    assert any(f"Host: [::1]:{srv.port}\r\n".encode() in data for data in srv.requests)


def test_family_is_validated_and_names_the_pool_entry():
    with pytest.raises(TypeError) as info:
        http.request(get_with(1, family=5))
    assert info.value.code == "ERR_INVALID_ARG_VALUE"
    agent = http.Agent()
    req = http.request(get_with(1, family="IPv6", agent=agent))
    req.on("error", lambda err: None)
    assert list(agent.sockets) == ["127.0.0.1:1::6"]
    run(req.destroy)


# -- local_port --------------------------------------------------------------------------


def test_local_port_is_the_source_port(must_call):
    peers = []

    def handler(conn):
        peers.append(conn.sock.getpeername())
        respond(OK)(conn)

    port = free_port()
    with RawServer(handler) as srv:
        run(lambda: http.get(get_with(srv.port, local_port=port), must_call(lambda r: r.resume())))
    assert peers == [("127.0.0.1", port)]


# -- insecure_http_parser ---------------------------------------------------------------

BAD_HEADER = b"HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\nok"


def test_a_response_llhttp_rejects_fails_by_default(must_call):
    codes = []
    with RawServer(respond(BAD_HEADER)) as srv:
        run(lambda: http.get(get_with(srv.port), must_call.never()).on(
            "error", must_call(lambda err: codes.append(err.code))))
    assert codes[0].startswith("HPE_")


def test_insecure_http_parser_accepts_it(must_call):
    bodies = []
    with RawServer(respond(BAD_HEADER)) as srv:
        run(lambda: http.get(get_with(srv.port, insecure_http_parser=True), must_call(
            lambda res: Body(res, lambda b: bodies.append((res.status_code, b.data))))))
    assert bodies == [(200, b"ok")]


def test_insecure_http_parser_applies_per_request_on_a_pooled_socket(must_call):
    # One keep-alive connection: a lenient request, then a strict one.
    results = []
    agent = http.Agent(keep_alive=True, max_sockets=1)
    with RawServer(respond(BAD_HEADER, requests=2)) as srv:
        def main():
            def second():
                http.get(get_with(srv.port, agent=agent), must_call.never()).on(
                    "error", must_call(lambda err: (results.append(err.code[:4]),
                                                    agent.destroy())))

            http.get(get_with(srv.port, agent=agent, insecure_http_parser=True), must_call(
                lambda res: Body(res, lambda b: (results.append(b.data), second()))))

        run(main)
    assert results == [b"ok", "HPE_"]
    assert len(srv.conns) == 1



def test_insecure_http_parser_holds_after_a_head_response(must_call):
    # A HEAD response's head is fed to llhttp alone and llhttp, waiting for the
    # Content-Length body that will not come, is replaced: the fresh parser must
    # keep the leniencies for the next response on the socket.
    statuses = []
    agent = http.Agent(keep_alive=True, max_sockets=1)
    head_only = BAD_HEADER[:-2]
    with RawServer(respond(head_only, requests=2)) as srv:
        def main():
            def second():
                http.request(get_with(srv.port, agent=agent, method="HEAD",
                                      insecure_http_parser=True), must_call(
                    lambda res: (statuses.append(res.status_code), res.resume(),
                                 agent.destroy()))).end()

            http.request(get_with(srv.port, agent=agent, method="HEAD",
                                  insecure_http_parser=True), must_call(
                lambda res: (statuses.append(res.status_code), res.resume(),
                             res.on("end", second)))).end()

        run(main)
    assert statuses == [200, 200]
    assert len(srv.conns) == 1

# -- timeout -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "code"), [("1", "ERR_INVALID_ARG_TYPE"),
                                             (True, "ERR_INVALID_ARG_TYPE"),
                                             (-1, "ERR_OUT_OF_RANGE")])
def test_timeout_is_validated_at_the_call(value, code):
    with pytest.raises((TypeError, ValueError)) as info:
        http.request(get_with(1, timeout=value))
    assert info.value.code == code


def test_timeout_option_emits_timeout_on_a_silent_server(must_call):
    with RawServer(hold) as srv:
        def main():
            req = http.get(get_with(srv.port, timeout=50))
            req.on("timeout", must_call(req.destroy))
            req.on("error", must_call(lambda err: None))

        run(main)
    assert srv.requests[0].startswith(b"GET / HTTP/1.1\r\n")


# -- join_duplicate_headers / unique_headers (the header store is shared with the server)

TWO_SERVERS = b"HTTP/1.1 200 OK\r\nServer: a\r\nServer: b\r\nContent-Length: 2\r\n\r\nok"


def test_join_duplicate_headers_joins_what_would_be_dropped(must_call):
    seen = []
    with RawServer(respond(TWO_SERVERS, requests=1)) as srv, \
            RawServer(respond(TWO_SERVERS, requests=1)) as srv2:
        def main():
            for port, join in ((srv.port, False), (srv2.port, True)):
                http.get(get_with(port, join_duplicate_headers=join), must_call(
                    lambda res: (seen.append(res.headers["server"]), res.resume())))

        run(main)
    assert sorted(seen) == ["a", "a, b"]


def test_join_duplicate_headers_must_be_a_bool():
    with pytest.raises(TypeError) as info:
        http.request(get_with(1, join_duplicate_headers=1))
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_unique_headers_sends_one_line():
    with RawServer(respond(OK, requests=1)) as srv, RawServer(respond(OK, requests=1)) as srv2:
        def main():
            headers = {"X-Multi": ["a", "b"]}
            http.get(get_with(srv.port, headers=headers), lambda r: r.resume())
            http.get(get_with(srv2.port, headers=headers, unique_headers=["x-multi"]),
                     lambda r: r.resume())

        run(main)
    assert b"X-Multi: a\r\nX-Multi: b\r\n" in srv.requests[0]
    assert b"X-Multi: a; b\r\n" in srv2.requests[0]


# -- http.global_agent --------------------------------------------------------------------


def test_assigning_global_agent_takes_effect_for_later_requests(must_call):
    saved = http.global_agent
    agent = http.Agent(keep_alive=True)
    try:
        with RawServer(respond(OK, requests=2)) as srv:
            def main():
                http.global_agent = agent

                def second():
                    req = http.get(get_with(srv.port), must_call(
                        lambda res: Body(res, lambda b: agent.destroy())))
                    assert req.reused_socket is True
                    assert req.agent is agent

                first = get_resumed(must_call, srv.port)
                first.on("close", must_call(lambda: set_timeout(second, 0)))

            run(main)
        assert len(srv.conns) == 1  # both went through the new (keep-alive) agent
    finally:
        http.global_agent = saved
    assert http.global_agent is saved
