"""Callback and listener arguments are checked where Node v20 checks them.

One table: each public method that takes a listener or callback, called with
``None`` and with a non-callable (``123``), and whether Node throws
``ERR_INVALID_ARG_TYPE`` at the call for the same program (``null``, ``123``).
Python's ``None`` is also "not given", so an optional callback accepts it
where Node's ``undefined`` would be; a required listener refuses it, as Node
refuses ``null``. Where Node only looks for a function and ignores anything
else (``server.close(cb)``), NodeKit ignores it too.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run

import nodekit
from nodekit import http, net, process, stream
from nodekit.events import EventEmitter

RAISES, ACCEPTS = "ERR_INVALID_ARG_TYPE", "accepted"


def _socket_set_timeout(v: Any) -> None:
    sock = net.Socket()
    try:
        sock.set_timeout(10, v)
    finally:
        sock.set_timeout(0)


def _request(*args: Any) -> Any:
    req = http.request(*args)
    req.on("error", lambda err: None)
    req.destroy()
    return req


def _req_set_timeout(v: Any) -> None:
    req = http.request({"host": "127.0.0.1", "port": 1})
    req.on("error", lambda err: None)
    try:
        req.set_timeout(10, v)
    finally:
        req.destroy()


def _res_set_timeout(v: Any) -> None:
    req = http.IncomingMessage(net.Socket())
    req.method = "GET"
    http.ServerResponse(req).set_timeout(10, v)


def _incoming_set_timeout(v: Any) -> None:
    sock = net.Socket()
    try:
        http.IncomingMessage(sock).set_timeout(10, v)
    finally:
        sock.set_timeout(0)


# (what, call(v), v, Node v20's answer at the call)
CASES = [
    ("emitter.on", lambda v: EventEmitter().on("x", v), None, RAISES),
    ("emitter.add_listener", lambda v: EventEmitter().add_listener("x", v), None, RAISES),
    ("emitter.once", lambda v: EventEmitter().once("x", v), None, RAISES),
    ("emitter.prepend_listener", lambda v: EventEmitter().prepend_listener("x", v), None,
     RAISES),
    ("emitter.prepend_once_listener",
     lambda v: EventEmitter().prepend_once_listener("x", v), None, RAISES),
    ("emitter.remove_listener", lambda v: EventEmitter().remove_listener("x", v), None,
     RAISES),
    ("emitter.remove_listener, other listeners",
     lambda v: EventEmitter().on("x", print).on("x", repr).remove_listener("x", v), 123,
     RAISES),
    ("emitter.remove_listener, one other listener",
     lambda v: EventEmitter().on("x", print).remove_listener("x", v), 123, RAISES),
    ("emitter.off", lambda v: EventEmitter().off("x", v), 123, RAISES),
    ("socket.set_timeout", _socket_set_timeout, 123, RAISES),
    ("socket.set_timeout", _socket_set_timeout, None, ACCEPTS),
    ("net server.get_connections", lambda v: net.create_server().get_connections(v), None,
     RAISES),
    ("net server.get_connections", lambda v: net.create_server().get_connections(v), 123,
     RAISES),
    ("net server.close", lambda v: net.create_server().close(v), 123, ACCEPTS),
    ("net.create_server", lambda v: net.create_server({}, v), 123, RAISES),
    ("http.create_server", lambda v: http.create_server({}, v), 123, RAISES),
    ("http server.set_timeout", lambda v: http.create_server().set_timeout(10, v), 123,
     RAISES),
    ("http server.set_timeout", lambda v: http.create_server().set_timeout(10, v), None,
     ACCEPTS),
    ("http server.close", lambda v: http.create_server().close(v), 123, ACCEPTS),
    ("http.request(options, cb)", lambda v: _request({"host": "127.0.0.1", "port": 1}, v),
     123, RAISES),
    ("http.request(url, options, cb)", lambda v: _request("http://127.0.0.1:1/", {}, v), 123,
     RAISES),
    ("req.set_timeout", _req_set_timeout, 123, RAISES),
    ("req.set_timeout", _req_set_timeout, None, ACCEPTS),
    ("res.set_timeout", _res_set_timeout, 123, RAISES),
    ("incoming.set_timeout", _incoming_set_timeout, 123, RAISES),
    ("stream.finished", lambda v: stream.finished(stream.PassThrough(), v), None, RAISES),
    ("stream.pipeline",
     lambda v: stream.pipeline(stream.PassThrough(), stream.PassThrough(), v), 123, RAISES),
    ("set_timeout", lambda v: nodekit.set_timeout(v, 10), None, RAISES),
    ("set_interval", lambda v: nodekit.set_interval(v, 10), 123, RAISES),
    ("set_immediate", lambda v: nodekit.set_immediate(v), "x", RAISES),
    ("next_tick", lambda v: nodekit.next_tick(v), None, RAISES),
    ("process.next_tick", lambda v: process.next_tick(v), 123, RAISES),
]


@pytest.mark.parametrize(("call", "value", "node"), [c[1:] for c in CASES],
                         ids=[f"{c[0]}-{c[2]!r}" for c in CASES])
def test_a_callback_argument_is_checked_as_node_checks_it(call, value, node):
    outcome: list[str] = []

    def main() -> None:
        try:
            call(value)
        except TypeError as err:
            outcome.append(getattr(err, "code", repr(err)))
        else:
            outcome.append(ACCEPTS)

    run(main, timeout=5)
    assert outcome == [node]
