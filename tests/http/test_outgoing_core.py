"""``OutgoingMessage`` over its state core (``_outgoing._OutgoingCore``): compiled,
an extension type with C fields; pure, a plain class with class defaults. The
public behaviour must not tell them apart: a fresh message has every default,
users set attributes of their own, and a subclass's class attributes (also
ones that name a C field, such as ``send_date``) are the defaults of its
instances, as they are for any Python class.
"""

from __future__ import annotations

from typing import Any

from nodekit import events, http, stream
from nodekit.http import ClientRequest, OutgoingMessage, ServerResponse, _outgoing
from tests.support import exchange, serve


def test_a_fresh_message_has_every_default() -> None:
    msg = OutgoingMessage()
    for name, value in _outgoing._DEFAULTS.items():
        assert getattr(msg, name) == value, name
    assert isinstance(msg, events.EventEmitter)
    assert isinstance(msg, stream.Stream)
    assert issubclass(ServerResponse, OutgoingMessage)
    assert issubclass(ClientRequest, events.EventEmitter)


def test_users_set_their_own_attributes_on_a_message() -> None:
    msg = OutgoingMessage()
    msg.locals = {"user": 1}  # Express-style: arbitrary attributes on res
    msg.finished = True
    assert msg.locals == {"user": 1}
    assert msg.writable_ended is True
    assert "locals" in vars(msg)
    other = OutgoingMessage()
    assert other.finished is False and not hasattr(other, "locals")


class _Dateless(ServerResponse):
    send_date = False  # a class attribute naming a field: the default of its instances


class _Plain(_Dateless):
    extra = "x"


class _DatedAgain(_Dateless):
    send_date = True


def test_subclass_class_attributes_are_instance_defaults() -> None:
    # (Read on instances: compiled, the class holds the field's descriptor, as
    # Node's prototype has no sendDate either.)
    req = http.IncomingMessage(None)
    assert ServerResponse(req).send_date is True
    assert _Dateless(req).send_date is False
    assert _Plain(req).send_date is False
    assert _DatedAgain(req).send_date is True
    assert ClientRequest.__new__(ClientRequest)._is_request is True
    assert OutgoingMessage().send_date is False
    dateless = _Dateless(req)
    dateless.send_date = True  # still an ordinary attribute of the instance
    assert dateless.send_date is True and _Dateless(req).send_date is False


def test_a_subclass_default_reaches_the_wire() -> None:
    def on_request(req: Any, res: Any) -> None:
        res.end(type(res).__name__)

    for cls, dated in ((ServerResponse, True), (_Dateless, False), (_Plain, False),
                       (_DatedAgain, True)):
        wire = serve(lambda srv: srv.on("request", on_request),
                     lambda port: exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\n"
                                                 b"Connection: close\r\n\r\n"),
                     server_response=cls)
        assert (b"\r\nDate: " in wire) is dated, cls
        assert wire.endswith(cls.__name__.encode())


def test_create_server_takes_a_user_response_class() -> None:
    class MyRes(http.ServerResponse):
        def text(self, body: str) -> None:
            self.locals = body
            self.end(self.locals)

    wire = serve(lambda srv: srv.on("request", lambda req, res: res.text("mine")),
                 lambda port: exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\n"
                                             b"Connection: close\r\n\r\n"),
                 server_response=MyRes)
    assert wire.endswith(b"mine")


class _Teapot(ServerResponse):
    # Fields of both cores: status_code is _ResponseCore's, send_date and
    # use_chunked_encoding_by_default _OutgoingCore's (which _ResponseCore's
    # __cinit__ also sets: the subclass's value must win over both).
    status_code = 418
    send_date = False
    use_chunked_encoding_by_default = False


class _LenientIncoming(http.IncomingMessage):
    join_duplicate_headers = True  # an _IncomingCore field


def test_overrides_of_every_core_apply_and_stay_their_classs() -> None:
    req = http.IncomingMessage(None)
    teapot = _Teapot(req)
    assert (teapot.status_code, teapot.send_date, teapot.use_chunked_encoding_by_default) == (
        418, False, False)
    # Once any class has overrides, the others still get their own defaults.
    plain = ServerResponse(req)
    assert (plain.status_code, plain.send_date, plain.use_chunked_encoding_by_default) == (
        200, True, True)
    assert _LenientIncoming(None).join_duplicate_headers is True
    assert http.IncomingMessage(None).join_duplicate_headers is False
    assert OutgoingMessage().use_chunked_encoding_by_default is True
