"""``ClientRequest`` over its state core (``_client._RequestCore``, itself over
``_outgoing._OutgoingCore``): compiled, an extension type with C fields; pure,
a plain class with class defaults. The public behaviour must not tell them
apart: a request has every default, users set attributes of their own, and a
subclass's class attributes (also ones naming a C field) are the defaults of
its instances.
"""

from __future__ import annotations

from typing import Any

from conftest import run
from test_client_support import OK, RawServer, respond

from nodekit import events, http, stream
from nodekit.http import ClientRequest, OutgoingMessage, _client


def test_a_bare_request_has_every_default() -> None:
    req = ClientRequest.__new__(ClientRequest)
    for name, value in _client._REQUEST_DEFAULTS.items():
        assert getattr(req, name) == value, name
    assert req._is_request is True
    assert isinstance(req, OutgoingMessage)
    assert isinstance(req, stream.Stream)
    assert isinstance(req, events.EventEmitter)


class _Lenient(ClientRequest):
    insecure_http_parser = True  # a class attribute naming a field
    label = "mine"  # and one of the subclass's own


def test_a_subclass_and_user_attributes(must_call: Any) -> None:
    seen: list[Any] = []

    def main() -> None:
        req = _Lenient({"port": srv.port, "host": "127.0.0.1", "path": "/x"},
                       must_call(lambda res: (seen.append(res.status_code), res.resume())))
        req.locals = {"user": 1}  # arbitrary attributes on a request
        seen.append((req.insecure_http_parser, req.label, req.locals, req.method, req.path))
        req.end()

    with RawServer(respond(OK)) as srv:
        run(main)
    assert seen == [(True, "mine", {"user": 1}, "GET", "/x"), 200]
    assert srv.requests[0].startswith(b"GET /x HTTP/1.1\r\n")
    plain = ClientRequest.__new__(ClientRequest)
    assert plain.insecure_http_parser is False and not hasattr(plain, "locals")


def test_request_fields_are_settable_and_seen_by_the_request(must_call: Any) -> None:
    def main() -> None:
        req = http.request({"port": srv.port, "host": "127.0.0.1"},
                           must_call(lambda res: res.resume()))
        req.path = "/changed"  # Node lets the path change before the head is sent
        req.method = "PUT"
        req.end()

    with RawServer(respond(OK)) as srv:
        run(main)
    assert srv.requests[0].startswith(b"PUT /changed HTTP/1.1\r\n")


class _NotFound(http.ServerResponse):
    status_code = 404  # a field of the deepest core (_ResponseCore)
    send_date = False  # and one of _OutgoingCore


class _Timed(_Lenient):
    timeout = 5.0
    send_date = True


def test_class_attributes_naming_fields_of_either_core() -> None:
    # Compiled, each core's allocator sets the fields it owns: a deeper core's
    # are not there yet when _OutgoingCore's runs (this crashed once).
    res = _NotFound.__new__(_NotFound)
    assert (res.status_code, res.send_date) == (404, False)
    req = _Timed.__new__(_Timed)
    assert (req.timeout, req.send_date, req.insecure_http_parser) == (5.0, True, True)
