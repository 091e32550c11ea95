"""``IncomingMessage`` over its state core (``_incoming._IncomingCore``): compiled,
an extension type with C fields; pure, a plain class with class defaults. The
public behaviour must not tell them apart: a fresh message has every default,
it is a Readable and an EventEmitter, users set attributes of their own on
``req``, a subclass given to ``create_server`` works, and a subclass's class
attributes (also ones that name a C field) are the defaults of its instances.
"""

from __future__ import annotations

from typing import Any

from nodekit import events, http, stream
from nodekit.http import IncomingMessage, _incoming
from tests.conftest import run
from tests.support import exchange, serve


def test_a_fresh_message_has_every_default() -> None:
    msg = IncomingMessage(None)
    for name, value in _incoming._DEFAULTS.items():
        if name not in ("raw_headers", "raw_trailers"):
            assert getattr(msg, name) == value, name
    assert msg.raw_headers == [] and msg.raw_trailers == []
    assert msg.raw_headers is not IncomingMessage(None).raw_headers
    assert isinstance(msg, stream.Readable)
    assert isinstance(msg, events.EventEmitter)
    assert msg.headers == {} and msg.trailers == {}
    assert msg.readable_flowing is None and msg.readable_length == 0


def test_users_set_their_own_attributes_on_a_message() -> None:
    msg = IncomingMessage(None)
    msg.user = {"id": 1}  # Express-style: arbitrary attributes on req
    msg.url = "/x"
    assert msg.user == {"id": 1} and msg.url == "/x"
    assert "user" in vars(msg)
    other = IncomingMessage(None)
    assert other.url == "" and not hasattr(other, "user")


class _Versioned(IncomingMessage):
    url = "/default"  # a class attribute naming a field: the default of its instances
    extra = "x"


class _Again(_Versioned):
    pass


def test_subclass_class_attributes_are_instance_defaults() -> None:
    assert _Versioned(None).url == "/default"
    assert _Again(None).url == "/default" and _Again(None).extra == "x"
    assert IncomingMessage(None).url == ""
    msg = _Versioned(None)
    msg.url = "/mine"
    assert msg.url == "/mine" and _Versioned(None).url == "/default"


def test_a_stream_read_after_its_end_was_parsed() -> None:
    # The lazy end (nobody looked when the body ended) is flushed by the
    # first listener: the chunk, then 'end', then the message is ended.
    seen: dict[str, Any] = {"chunks": [], "ended": False}

    def main() -> None:
        msg = IncomingMessage(None)
        seen["msg"] = msg
        msg.push(b"ab")
        msg._end_body()
        msg.on("data", seen["chunks"].append)
        msg.on("end", lambda: seen.update(ended=True))

    run(main)
    msg = seen["msg"]
    assert msg.complete is True
    assert seen["chunks"] == [b"ab"] and seen["ended"] is True and msg.readable_ended


def test_create_server_takes_a_user_request_class() -> None:
    class MyReq(http.IncomingMessage):
        def who(self) -> str:
            return f"{self.method} {self.url} {self.headers['host']}"

    def on_request(req: Any, res: Any) -> None:
        req.user = "u"  # set by a middleware, read by the handler
        body: list[bytes] = []
        req.on("data", body.append)
        req.on("end", lambda: res.end(f"{type(req).__name__} {req.who()} {req.user} "
                                      f"{b''.join(body).decode()}"))

    wire = serve(lambda srv: srv.on("request", on_request),
                 lambda port: exchange(port, b"POST /p HTTP/1.1\r\nHost: x\r\n"
                                             b"Content-Length: 3\r\n"
                                             b"Connection: close\r\n\r\nabc"),
                 incoming_message=MyReq)
    assert wire.endswith(b"MyReq POST /p x u abc")
