# Port of Node v20 test/parallel/test-http-outgoing-proto.js.
# Deviations: JS calls with a missing argument pass None (JS `undefined`);
# Node calls write/setHeader with a fake `this` ({_header, _hasBody}); the
# port uses an OutgoingMessage whose head is already decided (a subclass
# whose _implicit_header does nothing), the state those fakes stand for;
# write() without a chunk (a Python TypeError) is left out; the message for
# the bad chunk 1 names Python's types ("str or a bytes-like object", Node's
# "string or an instance of Buffer or Uint8Array"), so it is checked up to
# there; the JS object key 404 is the string "404". The method name in
# ERR_METHOD_NOT_IMPLEMENTED's message stays Node's (`_implicitHeader()`).
import pytest

from nodekit import http
from tests.node._common import raises

OutgoingMessage = http.OutgoingMessage


class _HeadDecided(OutgoingMessage):
    def _implicit_header(self):
        pass


def test_the_subclasses_implement_implicit_header():
    assert callable(http.ClientRequest._implicit_header)
    assert callable(http.ServerResponse._implicit_header)


@pytest.mark.parametrize("name,value,code,message", [
    (None, None, "ERR_INVALID_HTTP_TOKEN", 'Header name must be a valid HTTP token ["undefined"]'),
    ("test", None, "ERR_HTTP_INVALID_HEADER_VALUE", 'Invalid value "undefined" for header "test"'),
    (404, None, "ERR_INVALID_HTTP_TOKEN", 'Header name must be a valid HTTP token ["404"]'),
    ("200", "あ", "ERR_INVALID_CHAR", 'Invalid character in header content ["200"]'),
])
def test_set_header_checks(name, value, code, message):
    raises(lambda: OutgoingMessage().set_header(name, value), code=code, cls=TypeError,
           message=message)


def test_set_header_after_the_head_is_sent():
    msg = OutgoingMessage()
    msg._header = b"test"  # (Node's fake `this`: {_header: 'test'})
    err = raises(lambda: msg.set_header("test", "value"), code="ERR_HTTP_HEADERS_SENT",
                 message="Cannot set headers after they are sent to the client")
    assert not isinstance(err, (TypeError, ValueError))  # Node's name: 'Error'


def test_write_without_implicit_header_is_not_implemented():
    err = raises(lambda: OutgoingMessage().write(""), code="ERR_METHOD_NOT_IMPLEMENTED",
                 message="The _implicitHeader() method is not implemented")
    assert not isinstance(err, (TypeError, ValueError))


def test_write_checks_its_chunk():
    raises(lambda: _HeadDecided().write(1), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
           message='The "chunk" argument must be of type ')
    raises(lambda: _HeadDecided().write(None), code="ERR_STREAM_NULL_VALUES", cls=TypeError)


def test_add_trailers_checks():
    raises(lambda: OutgoingMessage().add_trailers(None), cls=TypeError)
    raises(lambda: OutgoingMessage().add_trailers({"あ": "value"}), code="ERR_INVALID_HTTP_TOKEN",
           cls=TypeError, message='Trailer name must be a valid HTTP token ["あ"]')
    raises(lambda: OutgoingMessage().add_trailers({"404": "あ"}), code="ERR_INVALID_CHAR",
           cls=TypeError, message='Invalid character in trailer content ["404"]')


def test_destroy():
    msg = OutgoingMessage()
    assert msg.destroyed is False
    msg.destroy()
    assert msg.destroyed is True
