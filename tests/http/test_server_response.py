"""ServerResponse: status line, write/end semantics, events, encodings,
100-continue and back-pressure, checked on the wire through a raw socket.

Every expected response is what Node v20.20 sent for the same handler and
request (raw socket, ``Date`` value masked to ``X``); event orders and
return values were read from Node as well. All hard-coded: ``node`` is not
needed at run time.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from typing import Any

import pytest

from nodekit import http, runtime
from tests.support import connect, read_all, serve
from tests.wire import KA, call_in_handler, mask_date, read_message, respond

# -- wire helpers (shared shape with test_server_framing / test_server_response) --

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def in_loop(fn: Any, *args: Any) -> None:
    """From the client thread: run ``fn(*args)`` in NodeKit's loop (errors are uncaught)."""
    _LOOP["loop"].call_soon_threadsafe(runtime.call, fn, *args)


_LOOP: dict[str, Any] = {}


def remember_loop(srv: Any) -> None:
    _LOOP["loop"] = runtime.get_loop()


# -- status line ----------------------------------------------------------------------


def test_status_code_property_is_used_by_an_implicit_head(must_call):
    def handler(req, res):
        res.status_code = 404
        res.end("nf")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 404 Not Found\r\nDate: X\r\n" + KA + b"Content-Length: 2\r\n\r\nnf")


def test_status_message_property_is_used_by_an_implicit_head(must_call):
    def handler(req, res):
        res.status_code = 404
        res.status_message = "Nope Not Here"
        res.end("nf")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 404 Nope Not Here\r\nDate: X\r\n" + KA + b"Content-Length: 2\r\n\r\nnf")


def test_empty_status_message_is_sent_as_given(must_call):
    def handler(req, res):
        res.write_head(200, "")
        res.end("e")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 \r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\ne\r\n0\r\n\r\n")


def test_unknown_status_code_gets_reason_unknown(must_call):
    def handler(req, res):
        res.write_head(599)
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 599 unknown\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def test_unknown_implicit_status_code_gets_reason_unknown(must_call):
    def handler(req, res):
        res.status_code = 299
        res.end("u")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 299 unknown\r\nDate: X\r\n" + KA + b"Content-Length: 1\r\n\r\nu")


@pytest.mark.parametrize("form", ["write_head", "implicit"])
def test_a_phrase_changed_in_status_codes_is_sent(must_call, monkeypatch, form):
    # Node reads STATUS_CODES when the head is written: an application's own
    # phrase for a standard code goes on the wire, and the standard line is
    # back once the phrase is.
    monkeypatch.setitem(http.STATUS_CODES, 200, "Fine")

    def handler(req, res):
        if form == "write_head":
            res.write_head(200)
        res.end("f")

    wire = respond(must_call(handler))
    assert wire.startswith(b"HTTP/1.1 200 Fine\r\nDate: X\r\n"), wire
    monkeypatch.setitem(http.STATUS_CODES, 200, "OK")
    assert respond(must_call(handler)).startswith(b"HTTP/1.1 200 OK\r\n")


def test_a_changed_phrase_is_checked_for_cr_lf(monkeypatch):
    monkeypatch.setitem(http.STATUS_CODES, 299, "a\r\nX-Injected: 1")

    def fn(res):
        try:
            res.write_head(299)
        finally:
            res.status_message = None  # Node keeps the bad message: end() would throw again
            monkeypatch.delitem(http.STATUS_CODES, 299)

    err = call_in_handler(fn)["error"]
    assert err.code == "ERR_INVALID_CHAR"


def test_status_properties_before_and_after_the_head():
    def fn(res):
        seen = [res.status_code, res.status_message, res.send_date]
        res.write_head(201)
        seen += [res.status_code, res.status_message]
        return seen

    assert call_in_handler(fn)["value"] == [200, None, True, 201, "Created"]


def test_implicit_head_fills_in_the_standard_status_message():
    def fn(res):
        res.status_code = 404
        res.end()
        return [res.status_code, res.status_message]

    assert call_in_handler(fn)["value"] == [404, "Not Found"]


@pytest.mark.parametrize("code", [99, 1000, 0, -200])
def test_invalid_status_code_raises_err_http_invalid_status_code(code):
    err = call_in_handler(lambda res: res.write_head(code))["error"]
    assert isinstance(err, ValueError)  # Node: RangeError
    assert err.code == "ERR_HTTP_INVALID_STATUS_CODE"
    assert err.args[0] == f"Invalid status code: {code}"


@pytest.mark.parametrize("code,shown", [([], "[]"), ([1, "a"], "[ 1, 'a' ]"), ({}, "{}"),
                                        ({"a": 1}, "{ a: 1 }")])
def test_invalid_status_code_message_shows_a_list_or_dict_as_node_inspects_it(code, shown):
    err = call_in_handler(lambda res: res.write_head(code))["error"]
    assert err.code == "ERR_HTTP_INVALID_STATUS_CODE"
    assert err.args[0] == f"Invalid status code: {shown}"  # as Node v20.20 writes it


def test_invalid_implicit_status_code_raises_from_end():
    def fn(res):
        res.status_code = 42
        try:
            res.end("x")
        finally:
            res.status_code = 200

    err = call_in_handler(fn)["error"]
    assert err.code == "ERR_HTTP_INVALID_STATUS_CODE"
    assert err.args[0] == "Invalid status code: 42"


@pytest.mark.parametrize("message", ["bad\r\nmsg", "a\rb", "a\nb", "a\x00b"])
def test_cr_lf_nul_in_status_message_raise_err_invalid_char(message):
    def fn(res):
        try:
            res.write_head(200, message)
        finally:
            res.status_message = None  # Node keeps the bad message: end() would throw again

    out = call_in_handler(fn)
    err = out["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_INVALID_CHAR"
    assert err.args[0] == "Invalid character in statusMessage"
    assert out["wire"] == (b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n"
                           b"Content-Length: 0\r\n\r\n")


def test_cr_lf_in_implicit_status_message_raises_from_end():
    def fn(res):
        res.status_message = "a\nb"
        try:
            res.end("x")
        finally:
            res.status_message = None

    err = call_in_handler(fn)["error"]
    assert (err.code, err.args[0]) == ("ERR_INVALID_CHAR", "Invalid character in statusMessage")


# -- write / end ------------------------------------------------------------------------


def test_write_head_alone_sends_nothing_until_the_first_write(must_call):
    # Seed: "the response is buffered up to the first chunk of body".
    state: dict[str, Any] = {}
    headed = threading.Event()

    def handler(req, res):
        state["res"] = res
        res.write_head(200, {"X-A": "1"})
        headed.set()

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            assert headed.wait(5)
            time.sleep(0.2)
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(65536)
            sock.setblocking(True)
            sock.settimeout(5)
            in_loop(lambda: (state["res"].write("x"), state["res"].end()))
            return mask_date(read_message(sock)[0])

    def setup(srv):
        remember_loop(srv)
        srv.on("request", must_call(handler))

    assert serve(setup, client) == (
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")


def test_first_write_sends_the_head_and_the_first_chunk_together(must_call):
    state: dict[str, Any] = {}
    written = threading.Event()

    def handler(req, res):
        state["res"] = res
        state["ret"] = res.write("first chunk")
        written.set()  # ... and hang: the client ends the response below

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            assert written.wait(5)
            time.sleep(0.2)
            first = sock.recv(65536)
            in_loop(state["res"].end)
            msg, rest = read_message(sock, first)
            return mask_date(first), mask_date(msg)

    def setup(srv):
        remember_loop(srv)
        srv.on("request", must_call(handler))

    first, msg = serve(setup, client)
    assert first == (b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
                     + b"Transfer-Encoding: chunked\r\n\r\nb\r\nfirst chunk\r\n")
    assert msg == first + b"0\r\n\r\n"
    assert state["ret"] is True


def test_write_returns_true_while_the_socket_takes_the_data():
    def fn(res):
        return [res.write("a"), res.write(b"b" * 1000)]

    assert call_in_handler(fn)["value"] == [True, True]


def test_write_encodings_latin1_hex_base64_utf8(must_call):
    def handler(req, res):
        res.write("\u00e9\u00ff", "latin1")
        res.write("68656c6c6f", "hex")
        res.write("aGk=", "base64")
        res.write("\u00e9")
        res.write("\u00e9", "binary")
        res.end("\u20ac", "utf8")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Transfer-Encoding: chunked\r\n\r\n"
        b"2\r\n\xe9\xff\r\n5\r\nhello\r\n2\r\nhi\r\n2\r\n\xc3\xa9\r\n1\r\n\xe9\r\n"
        b"3\r\n\xe2\x82\xac\r\n0\r\n\r\n")


@pytest.mark.parametrize(("data", "encoding", "body"), [
    ("68656c6c6f", "hex", b"hello"),
    ("\u00e9", "latin1", b"\xe9"),
    ("aGVsbG8=", "base64", b"hello"),
])
def test_end_data_with_encoding_counts_the_encoded_bytes(must_call, data, encoding, body):
    def handler(req, res):
        res.end(data, encoding)

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def test_write_null_chunk_raises_err_stream_null_values():
    err = call_in_handler(lambda res: res.write(None))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_STREAM_NULL_VALUES"


def test_events_and_callbacks_of_a_normal_response(must_call):
    log = []

    def handler(req, res):
        res.on("finish", lambda: log.append(("finish", res.writable_finished)))
        res.on("close", lambda: log.append("close"))
        log.append(("w1", res.write("a", lambda *a: log.append(("write cb 1", a)))))
        log.append(("w2", res.write("b", "utf8", lambda *a: log.append(("write cb 2", a)))))
        log.append(("end returns res", res.end("c", "utf8", lambda *a: log.append("end cb"))
                    is res))
        log.append(("ended", res.writable_ended, res.finished))

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n")
    # Node v20: w1 true, w2 true, end returns res, write cbs, finish, end cb, close.
    assert log[:4] == [("w1", True), ("w2", True), ("end returns res", True),
                       ("ended", True, True)]
    assert sorted(log[4:6]) == [("write cb 1", ()), ("write cb 2", ())]
    assert log[6:] == [("finish", True), "end cb", "close"]


@pytest.mark.parametrize("form", ["end(cb)", "end(data, cb)", "end(data, enc, cb)"])
def test_end_callback_runs_once_after_finish(must_call, form):
    log = []

    def handler(req, res):
        res.on("finish", lambda: log.append("finish"))
        cb = lambda *a: log.append("end cb")  # noqa: E731
        if form == "end(cb)":
            res.end(cb)
        elif form == "end(data, cb)":
            res.end("xyz", cb)
        else:
            res.end("78797a", "hex", cb)

    wire = respond(must_call(handler))
    assert wire.endswith(b"\r\n\r\nxyz") or form == "end(cb)"
    assert log == ["finish", "end cb"]


def test_end_with_data_after_end_is_write_after_end_to_the_callback_and_error(must_call):
    # Node v20's end(): data after end() -> ERR_STREAM_WRITE_AFTER_END, given to
    # the callback and emitted as 'error' (even with no 'close' listener).
    log = []

    def handler(req, res):
        res.end("a")
        res.end("more", lambda err: log.append(("cb", err.code)))
        res.on("error", lambda err: log.append(("error", err.code)))

    respond(must_call(handler))
    assert log == [("cb", "ERR_STREAM_WRITE_AFTER_END"), ("error", "ERR_STREAM_WRITE_AFTER_END")]


def test_finish_and_close_are_emitted_once(must_call):
    log = []

    def handler(req, res):
        res.on("finish", lambda: log.append("finish"))
        res.on("close", lambda: log.append("close"))
        res.end("a")
        res.end()
        res.end(lambda *a: log.append(("late end cb", [getattr(x, "code", x) for x in a])))

    respond(must_call(handler))
    # A second end() is a no-op; a third one with a callback gets
    # ERR_STREAM_ALREADY_FINISHED (Node calls it with that error too).
    assert log.count("finish") == 1 and log.count("close") == 1
    assert ("late end cb", ["ERR_STREAM_ALREADY_FINISHED"]) in log
    assert log.index("finish") < log.index("close")


def test_write_after_end_emits_err_stream_write_after_end(must_call):
    log = []

    def handler(req, res):
        res.on("error", lambda e: log.append(("error", e.code, e.args[0])))
        res.on("close", lambda: log.append("close"))
        res.end("x")
        ret = res.write("more", lambda *a: log.append(("write cb", [e.code for e in a])))
        log.append(("write returned", ret))

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 1\r\n\r\nx")
    # Node v20: write() returns false; the callback gets the error, then 'error', then 'close'.
    assert log == [("write returned", False),
                   ("write cb", ["ERR_STREAM_WRITE_AFTER_END"]),
                   ("error", "ERR_STREAM_WRITE_AFTER_END", "write after end"),
                   "close"]


def test_writable_stays_true_after_end_finish_and_close(must_call):
    # Node's OutgoingMessage sets writable once and never clears it
    # (test-http-writable-true-after-close, test-http-outgoing-finish-writable).
    log = []

    def handler(req, res):
        res.on("finish", lambda: log.append(("finish", res.writable)))
        res.on("close", lambda: log.append(("close", res.writable)))
        res.end("x")
        log.append(("ended", res.writable, res.writable_ended))

    assert respond(must_call(handler)).endswith(b"\r\n\r\nx")
    assert log == [("ended", True, True), ("finish", True), ("close", True)]


def test_destroyed_turns_true_with_the_close_event(must_call):
    # Node's emitCloseNT sets destroyed before 'close' (test-http-req-res-close).
    log = []

    def handler(req, res):
        res.on("finish", lambda: log.append(("finish", res.destroyed)))
        res.on("close", lambda: log.append(("close", res.destroyed)))
        res.end("x")

    assert respond(must_call(handler)).endswith(b"\r\n\r\nx")
    assert log == [("finish", False), ("close", True)]


def test_write_after_end_emits_the_error_without_a_close_listener(must_call):
    # Node's test-http-res-write-after-end: with nobody listening for 'close',
    # the 'error' still comes (Node emits 'close' a tick after 'finish').
    log = []

    def handler(req, res):
        res.on("error", lambda e: log.append(("error", e.code)))
        res.write("a")
        res.end()
        log.append(("write returned", res.write("b")))

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Transfer-Encoding: chunked\r\n\r\n"
        b"1\r\na\r\n0\r\n\r\n")
    assert log == [("write returned", False), ("error", "ERR_STREAM_WRITE_AFTER_END")]


def test_write_after_close_calls_back_with_the_error_but_emits_no_error_event(must_call):
    log = []

    def handler(req, res):
        def on_close():
            log.append("close")
            ret = res.write("more", lambda *a: log.append(("write cb", [e.code for e in a])))
            log.append(("write returned", ret))

        res.on("close", on_close)
        res.end("x")  # no 'error' listener: an 'error' event would be uncaught

    respond(must_call(handler))
    assert log == ["close", ("write returned", False),
                   ("write cb", ["ERR_STREAM_WRITE_AFTER_END"])]


def _abandon(how: str):
    """A client that reads the first chunk, then resets (``'rst'``) or half-closes (``'fin'``)."""

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            got = b""
            while b"partial" not in got:
                got += sock.recv(65536)
            if how == "rst":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
                return CLOSED.wait(5)
            sock.shutdown(socket.SHUT_WR)
            ok = CLOSED.wait(3)
            return ok

    return client


CLOSED = threading.Event()


@pytest.mark.parametrize("how", [
    "rst",
    "fin",
])
def test_close_without_finish_when_the_client_goes_away(must_call, how):
    log = []
    CLOSED.clear()

    def handler(req, res):
        res.on("finish", lambda: log.append("finish"))

        def on_close():
            log.append(("close", res.writable_ended, res.writable_finished))
            CLOSED.set()

        res.on("close", on_close)
        res.write("partial")

    assert serve(lambda srv: srv.on("request", must_call(handler)), _abandon(how))
    # Node v20: 'close' with writableEnded false and no 'finish'.
    assert log == [("close", False, False)]


# -- 100-continue ---------------------------------------------------------------------------

EXPECT = (b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          b"Content-Length: 3\r\n\r\n")
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


def _echo_after_continue(req, res):
    res.write_continue()
    body = []
    req.on("data", lambda d: body.append(bytes(d)))
    req.on("end", lambda: res.end(b"got " + b"".join(body)))


def _expect_client(headers: bytes, body: bytes, then: str):
    def client(port):
        with connect(port) as sock:
            sock.sendall(headers)
            first, rest = read_message(sock)
            if first == CONTINUE:
                sock.sendall(body)
                final, rest = read_message(sock, rest)
            else:
                final = first
            assert rest == b""
            if then == "closed":
                assert sock.recv(1) == b""
            return first == CONTINUE, mask_date(final)

    return client


def test_write_continue_sends_exactly_100_continue_before_the_final_response(must_call):
    def setup(srv):
        srv.on("checkContinue", must_call(_echo_after_continue))
        srv.on("request", must_call.never())

    assert serve(setup, _expect_client(EXPECT, b"abc", "open")) == (
        True, b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 7\r\n\r\ngot abc")


def test_expect_100_continue_is_answered_automatically_without_check_continue(must_call):
    def handler(req, res):
        body = []
        req.on("data", lambda d: body.append(bytes(d)))
        req.on("end", lambda: res.end(b"got " + b"".join(body)))

    def setup(srv):
        srv.on("request", must_call(handler))

    assert serve(setup, _expect_client(EXPECT, b"abc", "open")) == (
        True, b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 7\r\n\r\ngot abc")


def test_expect_matches_100_continue_within_a_list_case_insensitively(must_call):
    headers = EXPECT.replace(b"100-continue", b"100-Continue, foo")

    def setup(srv):
        srv.on("checkContinue", must_call(_echo_after_continue))

    assert serve(setup, _expect_client(headers, b"abc", "open"))[0] is True


@pytest.mark.parametrize("content_length", [True, False])
def test_final_status_without_100_continue_closes_the_connection(must_call, content_length):
    # Node: "Don't keep alive connections where the client expects 100 Continue
    # but we sent a final status; they may put extra bytes on the wire."
    def reject(req, res):
        res.write_head(401, {"Content-Length": 4} if content_length else None)
        res.end("nope")

    def setup(srv):
        srv.on("checkContinue", must_call(reject))

    framing = (b"Content-Length: 4\r\nDate: X\r\nConnection: close\r\n\r\nnope" if content_length
               else b"Date: X\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    b"4\r\nnope\r\n0\r\n\r\n")
    assert serve(setup, _expect_client(EXPECT, b"abc", "closed")) == (
        False, b"HTTP/1.1 401 Unauthorized\r\n" + framing)


def test_http10_expect_header_is_ignored(must_call):
    # Node acts on Expect only for HTTP/1.1 requests: no 100, no 417.
    def setup(srv):
        srv.on("checkContinue", must_call.never())
        srv.on("request", must_call(lambda req, res: res.end("request")))

    request = b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"
    assert serve(setup, _expect_client(request, b"", "closed")) == (
        False, b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nrequest")


def test_unknown_expectation_gets_417(must_call):
    request = (b"POST / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n"
               b"Content-Length: 3\r\n\r\nabc")

    def setup(srv):
        srv.on("request", must_call.never())

    assert serve(setup, _expect_client(request, b"", "open")) == (
        False, b"HTTP/1.1 417 Expectation Failed\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


# -- back-pressure --------------------------------------------------------------------------

CHUNK = 64 * 1024


def _chunk(i: int) -> bytes:
    return (b"%08d" % i) * (CHUNK // 8)


def test_write_returns_false_under_back_pressure_and_drain_fires_when_the_client_reads(
        must_call):
    state: dict[str, Any] = {"writes": 0, "false_at": None, "drains": 0}
    blocked = threading.Event()

    def handler(req, res):
        def on_drain():
            state["drains"] += 1
            if state["drains"] == 1:
                for _ in range(3):
                    res.write(_chunk(state["writes"]))
                    state["writes"] += 1
                res.end()

        res.on("drain", on_drain)
        while state["writes"] < 2048:  # at most 128 MiB: far beyond any socket buffer
            ok = res.write(_chunk(state["writes"]))
            state["writes"] += 1
            if not ok:
                state["false_at"] = state["writes"]
                blocked.set()
                return
        res.end()

    def client(port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.settimeout(10)
        with sock:
            sock.connect(("127.0.0.1", port))
            sock.sendall(GET)
            assert blocked.wait(10), "write() never returned False"
            msg, rest = read_message(sock)
        head, _, body = msg.partition(b"\r\n\r\n")
        return head, body, rest

    head, body, rest = serve(lambda srv: srv.on("request", must_call(handler)), client,
                             timeout=30)
    assert state["false_at"] is not None and state["drains"] >= 1
    assert b"Transfer-Encoding: chunked" in head and rest == b""
    # De-chunk and compare: every byte arrived, in order.
    data, pos = [], 0
    while True:
        eol = body.index(b"\r\n", pos)
        size = int(body[pos:eol], 16)
        if size == 0:
            break
        data.append(body[eol + 2:eol + 2 + size])
        pos = eol + 2 + size + 2
    assert b"".join(data) == b"".join(_chunk(i) for i in range(state["writes"]))
    assert state["writes"] == state["false_at"] + 3


def test_a_standalone_response_writes_through_any_writable_with_back_pressure():
    # Node's assignSocket takes any Writable (test-http-server-response-standalone).
    from types import SimpleNamespace

    from nodekit import http, stream
    from tests.conftest import run

    got: list[bytes] = []
    log: list[Any] = []

    def main():
        def write(chunk, encoding, callback):
            got.append(bytes(chunk))
            runtime.set_immediate(callback)

        sink = stream.Writable({"write": write, "high_water_mark": 1024})
        res = http.ServerResponse(SimpleNamespace(method="GET", http_version_major=1,
                                                  http_version_minor=1))
        res.assign_socket(sink)
        try:
            res.assign_socket(sink)
        except Exception as exc:  # noqa: BLE001 - checked below
            log.append(exc.code)
        res.set_header("Content-Length", 4096)
        log.append(("write", res.write(b"x" * 4096)))
        res.on("drain", lambda: (log.append("drain"), res.end()))
        res.on("finish", lambda: log.append("finish"))

    run(main, timeout=5)
    data = b"".join(got)
    assert data.startswith(b"HTTP/1.1 200 OK\r\n") and b"Content-Length: 4096\r\n" in data
    assert data.endswith(b"\r\n\r\n" + b"x" * 4096)
    assert log == ["ERR_HTTP_SOCKET_ASSIGNED", ("write", False), "drain", "finish"]


@pytest.mark.parametrize("how", ["before-head", "after-head"])
def test_capture_rejections_answers_500_or_destroys(how):
    # Node's Server[captureRejectionSymbol] (test-http-server-capture-rejections).
    from nodekit import events

    async def handler(req, res):
        res.set_header("X-Secret", "1")
        if how == "after-head":
            res.write("partial")
        raise ValueError("kaboom")

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            return mask_date(read_all(sock))

    events.capture_rejections = True
    try:
        if how == "before-head":
            got = respond(handler)
        else:  # the connection is destroyed: read to the end
            got = serve(lambda srv: srv.on("request", handler), client)
    finally:
        events.capture_rejections = False
    if how == "before-head":
        assert got == (b"HTTP/1.1 500 Internal Server Error\r\nDate: X\r\n" + KA
                       + b"Content-Length: 21\r\n\r\nInternal Server Error")
    else:
        assert b"X-Secret: 1\r\n" in got and got.endswith(b"7\r\npartial\r\n")
