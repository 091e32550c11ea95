"""Client errors, abort/destroy and timeouts: what the request and its
response emit, with Node's codes. The event sequences were read from Node
v20.20 against the same raw servers."""

from __future__ import annotations

import threading

import pytest
from conftest import run
from test_client_support import (
    IO_TIMEOUT,
    OK,
    Body,
    RawServer,
    free_port,
    get_with,
    nodekit_server,
)

from nodekit import http, net, next_tick, set_timeout


def events_of(req, log):
    req.on("socket", lambda s: log.append("socket"))
    req.on("abort", lambda: log.append("abort"))
    req.on("error", lambda err: log.append(("req error", getattr(err, "code", None),
                                            err.args[-1] if err.args else "")))
    req.on("close", lambda: log.append("req close"))


def response_events(res, log, error_listener=False):
    log.append("response")
    res.on("data", lambda d: log.append(("data", bytes(d))))
    res.on("end", lambda: log.append("res end"))
    res.on("aborted", lambda: log.append("res aborted"))
    res.on("close", lambda: log.append("res close"))
    if error_listener:
        res.on("error", lambda err: log.append(("res error", err.code, err.args[-1])))


def exchange(handler, log, error_listener=False, **options):
    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port, **options),
                           lambda res: response_events(res, log, error_listener))
            events_of(req, log)

        run(main)


def partial_then(close):
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        conn.read_exact(0)
        close(conn)

    return handler


# -- connection errors ------------------------------------------------------------------


def test_connection_refused_emits_econnrefused_then_close():
    log: list = []
    run(lambda: events_of(http.get(get_with(free_port())), log))
    assert log[0] == "socket"
    assert log[1][:2] == ("req error", "ECONNREFUSED")
    assert log[2:] == ["req close"]


def test_a_dns_failure_emits_enotfound():
    errors = []

    def main():
        req = http.get({"host": "nonexistent.invalid", "port": 80})
        req.on("error", lambda err: errors.append((err.code, err.hostname)))

    run(main)
    assert errors == [("ENOTFOUND", "nonexistent.invalid")]


def test_a_host_name_idna_cannot_encode_emits_enotfound():
    # A label over 63 chars never reaches getaddrinfo (Python's IDNA codec
    # refuses it); Node's lookup answers ENOTFOUND.
    errors = []
    host = "*" * 64

    def main():
        req = http.get({"host": host, "port": 42})
        req.on("error", lambda err: errors.append((err.code, err.hostname)))

    run(main)
    assert errors == [("ENOTFOUND", host)]


def test_a_second_response_in_the_same_bytes_is_dropped_with_the_socket(must_call):
    # Node's parserOnIncomingClient: a response to no request (the server
    # answered twice) destroys the socket; the first response is whole.
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" * 2)
        conn.read_to_eof()

    log: list = []
    exchange(handler, log)
    assert log[:4] == ["socket", "response", ("data", b"hi"), "res end"]
    # (Node v20 emits the request's 'close' first; NodeKit the response's.)
    assert sorted(log[4:]) == ["req close", "res close"]


def test_an_abort_before_the_socket_attaches_reports_the_sockets_error(must_call):
    # Node's onSocketNT: a request destroyed while its socket was on the way
    # waits for that socket to finish and emits its error (not an uncaught one).
    def create_connection(options, oncreate=None):
        sock = net.Socket()
        next_tick(lambda: sock.destroy(Exception("Oops")))
        return sock

    errors = []

    def main():
        req = http.get({"create_connection": create_connection})
        req.on("error", must_call(lambda err: errors.append(str(err))))
        req.abort()

    run(main)
    assert errors == ["Oops"]


def test_an_error_without_a_listener_is_uncaught():
    with pytest.raises(OSError) as info:
        run(lambda: http.get(get_with(free_port())))
    assert info.value.code == "ECONNREFUSED"


def test_a_reset_before_the_response_emits_econnreset():
    def handler(conn):
        conn.read_request()
        conn.reset()

    log: list = []
    exchange(handler, log)
    assert log == ["socket", ("req error", "ECONNRESET", "read ECONNRESET"), "req close"]


def test_the_server_closing_before_the_response_emits_socket_hang_up():
    def handler(conn):
        conn.read_request()
        conn.close()

    log: list = []
    exchange(handler, log)
    assert log == ["socket", ("req error", "ECONNRESET", "socket hang up"), "req close"]


@pytest.mark.parametrize("response,code", [
    (b"HTTP/1.1 2x0 OK\r\n\r\n", "HPE_INVALID_STATUS"),
    (b"HTTP/1.1 99 OK\r\n\r\n", "HPE_INVALID_STATUS"),
    (b"HTTX/1.1 200 OK\r\n\r\n", "HPE_INVALID_CONSTANT"),
    (b"HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n", "HPE_INVALID_HEADER_TOKEN"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "HPE_INVALID_CONTENT_LENGTH"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
     "HPE_UNEXPECTED_CONTENT_LENGTH"),
    (b"HTTP/1.1 200 OK\nX: y\n\n", "HPE_CR_EXPECTED"),
])
def test_a_malformed_response_emits_a_parse_error_with_nodes_code(response, code):
    def handler(conn):
        conn.read_request()
        conn.send(response)
        conn.read_to_eof()

    log: list = []
    exchange(handler, log)
    assert [e[:2] if isinstance(e, tuple) else e for e in log] == [
        "socket", ("req error", code), "req close"]


def test_a_parse_error_in_the_body_goes_to_the_request_and_aborts_the_response():
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n")
        conn.read_to_eof()

    log: list = []
    exchange(handler, log)
    assert log == ["socket", "response",
                   ("req error", "HPE_INVALID_CHUNK_SIZE",
                    "Parse Error: Invalid character in chunk size"),
                   ("data", b"abc"), "res aborted", "req close", "res close"]


def test_a_reset_in_the_body_errors_the_request_and_aborts_the_response():
    log: list = []
    exchange(partial_then(lambda conn: conn.reset()), log)
    assert log == ["socket", "response", ("data", b"abc"),
                   ("req error", "ECONNRESET", "read ECONNRESET"),
                   "res aborted", "req close", "res close"]


def test_an_early_end_of_the_body_aborts_the_response_without_an_error():
    # No 'error' listener on the response: Node emits none (and nothing is uncaught).
    log: list = []
    exchange(partial_then(lambda conn: conn.close()), log)
    assert log == ["socket", "response", ("data", b"abc"), "res aborted", "req close",
                   "res close"]


def test_the_response_gets_econnreset_aborted_when_it_listens_for_errors():
    log: list = []
    exchange(partial_then(lambda conn: conn.close()), log, error_listener=True)
    assert log == ["socket", "response", ("data", b"abc"), "res aborted", "req close",
                   ("res error", "ECONNRESET", "aborted"), "res close"]
    assert log[-3] == "req close"


def test_a_reset_ends_a_body_delimited_by_the_connection_and_errors_the_request():
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\n\r\nabc")
        conn.read_exact(0)
        conn.reset()

    log: list = []
    exchange(handler, log)
    assert log[:4] == ["socket", "response", ("data", b"abc"),
                       ("req error", "ECONNRESET", "read ECONNRESET")]
    assert "res end" in log and "res aborted" not in log


# -- abort() and destroy() ------------------------------------------------------------------


def slow_body(req, res):
    res.write_head(200, {"Content-Length": 10})
    res.write("abc")
    set_timeout(lambda: res.end("defghij"), 200)


def run_against_slow_server(configure):
    log: list = []

    def client(srv, port):
        req = http.get(get_with(port), lambda res: (response_events(res, log),
                                                    configure.get("response",
                                                                  lambda r: None)(req)))
        events_of(req, log)
        req.on("socket", lambda s: configure.get("socket", lambda r: None)(req))
        req.on("close", lambda: set_timeout(srv.close, 50))
        configure.get("sync", lambda r: None)(req)

    nodekit_server(slow_body, client)
    return log


def test_abort_before_a_socket_emits_abort_and_close_but_no_error():
    # (Node emits the two in either order depending on where abort() is called.)
    log = run_against_slow_server({"sync": lambda req: req.abort()})
    assert sorted(log) == ["abort", "req close"]


def test_abort_once_the_socket_is_assigned_emits_socket_hang_up():
    log = run_against_slow_server({"socket": lambda req: req.abort()})
    assert log == ["socket", "abort", ("req error", "ECONNRESET", "socket hang up"),
                   "req close"]


def test_abort_during_the_response_aborts_it():
    log = run_against_slow_server({"response": lambda req: req.abort()})
    assert log == ["socket", "response", "abort", "res aborted", "req close", "res close"]


def test_abort_sets_aborted_and_a_second_abort_does_nothing():
    def twice(req):
        req.abort()
        assert req.aborted
        req.abort()

    log = run_against_slow_server({"socket": twice})
    assert log.count("abort") == 1


def test_destroy_before_a_socket_emits_socket_hang_up():
    log = run_against_slow_server({"sync": lambda req: req.destroy()})
    assert log == [("req error", "ECONNRESET", "socket hang up"), "req close"]


def test_destroy_once_the_socket_is_assigned_emits_socket_hang_up():
    log = run_against_slow_server({"socket": lambda req: req.destroy()})
    assert log == ["socket", ("req error", "ECONNRESET", "socket hang up"), "req close"]


def test_destroy_during_the_response_aborts_it_without_an_error():
    log = run_against_slow_server({"response": lambda req: req.destroy()})
    assert log == ["socket", "response", "res aborted", "req close", "res close"]


def test_destroy_with_an_error_emits_that_error():
    boom = RuntimeError("boom")
    log = run_against_slow_server({"response": lambda req: req.destroy(boom)})
    assert log == ["socket", "response", ("req error", None, "boom"), "res aborted",
                   "req close", "res close"]


def test_destroy_after_the_response_ended_changes_nothing(must_call):
    with RawServer(lambda conn: (conn.read_request(), conn.send(OK))) as srv:
        def on_response(res):
            res.on("end", lambda: req.destroy())
            res.resume()

        def main():
            nonlocal req
            req = http.get(get_with(srv.port), must_call(on_response))
            req.on("error", must_call.never())
            req.on("close", must_call())

        req = None
        run(main)


# -- timeouts ----------------------------------------------------------------------------------


def silent_server(conn):
    conn.read_request()
    conn.read_to_eof()


def test_the_timeout_option_emits_timeout_when_the_server_is_silent(must_call):
    with RawServer(silent_server) as srv:
        def main():
            req = http.get(get_with(srv.port, timeout=50))
            req.on("timeout", must_call(lambda: req.destroy()))
            req.on("error", must_call(lambda err: errors.append(err.code)))

        errors: list = []
        run(main)
    assert errors == ["ECONNRESET"]


def test_set_timeout_before_the_connect_counts_from_the_connect(must_call):
    # Node's setSocketTimeout: req.set_timeout() on a socket still connecting
    # arms the socket once it is connected; the timeout *option* arms it at once.
    seen = []
    with RawServer(silent_server) as srv:
        def main():
            req = http.get(get_with(srv.port, timeout=2000))
            req.set_timeout(40)
            opt = http.get(get_with(srv.port, timeout=40))

            def on_socket(sock):
                seen.append(("socket", sock.timeout))  # the option's until 'connect'
                sock.on("connect", must_call(lambda: seen.append(("connect", sock.timeout))))

            req.on("socket", must_call(on_socket))
            opt.on("socket", must_call(lambda sock: seen.append(("option", sock.timeout))))
            for r in (req, opt):
                r.on("timeout", must_call(r.destroy))
                r.on("error", must_call(lambda err: None))

        run(main)
    assert sorted(seen) == [("connect", 40), ("option", 40), ("socket", 2000)]


def test_the_request_emits_timeout_once_though_its_socket_times_out_again(must_call):
    # Node's request listens to its socket's 'timeout' with once().
    timeouts = []
    with RawServer(silent_server) as srv:
        def main():
            req = http.request({**get_with(srv.port), "method": "POST"})
            req.set_timeout(10)
            req.on("error", lambda err: None)

            def on_timeout():
                timeouts.append(1)
                req.write("x")  # activity: the socket's timer starts again
                set_timeout(req.destroy, 100)

            req.on("timeout", on_timeout)

        run(main)
    assert timeouts == [1]


def test_a_timeout_does_not_destroy_the_request_by_itself(must_call):
    # Node's client only reports the timeout: the response still arrives.
    released = threading.Event()

    def handler(conn):
        conn.read_request()
        released.wait(IO_TIMEOUT)  # answer only once the client timed out
        conn.send(OK)

    timeouts = []
    with RawServer(handler) as srv:
        def main():
            req = http.get(get_with(srv.port, timeout=30), must_call(lambda res: Body(res)))
            req.on("timeout", lambda: (timeouts.append(1), released.set()))

        run(main)
    assert timeouts


def test_set_timeout_adds_the_callback_as_a_timeout_listener(must_call):
    with RawServer(silent_server) as srv:
        def main():
            req = http.get(get_with(srv.port))
            req.set_timeout(50, must_call(lambda: req.destroy()))
            req.on("error", lambda err: None)

        run(main)


def test_response_set_timeout_emits_timeout_on_the_response(must_call):
    def handler(conn):
        conn.read_request()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        conn.read_to_eof()

    with RawServer(handler) as srv:
        def on_response(res):
            res.on("aborted", lambda: None)
            res.set_timeout(50, must_call(lambda: res.destroy()))
            res.resume()

        run(lambda: http.get(get_with(srv.port), must_call(on_response)))


def test_the_timeout_is_cleared_when_the_socket_goes_back_to_the_pool(must_call):
    agent = http.Agent(keep_alive=True)

    def on_response(res):
        res.resume()
        res.on("end", lambda: set_timeout(check, 100))

    def check():
        sockets = [s for socks in agent.free_sockets.values() for s in socks]
        timeouts.extend(s.timeout for s in sockets)
        agent.destroy()

    timeouts: list = []
    with RawServer(lambda conn: (conn.read_request(), conn.send(OK), conn.read_to_eof())) as srv:
        def main():
            # 2 s: long enough that a loaded machine never times the request out
            # before its response; the check reads the pooled socket's timeout.
            req = http.get(get_with(srv.port, agent=agent, timeout=2000), must_call(on_response))
            req.on("timeout", must_call.never())

        run(main)
    assert timeouts == [0]


# -- the response head size limit (Node's maxHeaderSize, 16 KiB) ---------------------------


def head_with_value(n: int) -> bytes:
    return b"HTTP/1.1 200 OK\r\nX: " + b"a" * n + b"\r\n\r\n"


def answer(data: bytes):
    def handler(conn):
        conn.read_request()
        conn.send(data)
        conn.read_to_eof()

    return handler


def outcome(data: bytes, **options):
    log: list = []
    exchange(answer(data), log, **options)
    return [e[:2] if isinstance(e, tuple) else e for e in log]


def test_a_head_just_under_the_limit_is_accepted():
    # Node v20 counts the status text, names and values: 2 + 1 + 16380 < 16384.
    assert outcome(head_with_value(16380))[:2] == ["socket", "response"]


def test_a_head_at_the_limit_is_header_overflow():
    assert outcome(head_with_value(16381)) == [
        "socket", ("req error", "HPE_HEADER_OVERFLOW"), "req close"]


def test_a_head_that_never_ends_is_header_overflow():
    assert outcome(b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000) == [
        "socket", ("req error", "HPE_HEADER_OVERFLOW"), "req close"]


def test_a_head_response_that_never_ends_is_header_overflow():
    log: list = []
    with RawServer(answer(b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000)) as srv:
        def main():
            req = http.request(get_with(srv.port, method="HEAD"))
            events_of(req, log)
            req.end()

        run(main)
    assert [e[:2] if isinstance(e, tuple) else e for e in log] == [
        "socket", ("req error", "HPE_HEADER_OVERFLOW"), "req close"]


def test_the_max_header_size_option_sets_the_limit():
    assert outcome(head_with_value(100), max_header_size=50) == [
        "socket", ("req error", "HPE_HEADER_OVERFLOW"), "req close"]
    assert outcome(head_with_value(30_000), max_header_size=65536)[:2] == ["socket", "response"]
