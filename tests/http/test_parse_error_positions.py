"""Where a parse error stopped (Node's ``err.bytesParsed``/``rawPacket``), and what
later reads of a failed connection get (issue 16: server conformance).

Every expected position was read from Node v20.20's 'clientError' on the same
bytes, sent in one write. On the httptools parser the position of llhttp's own
errors is found by parsing prefixes again (httptools does not report it);
the header-size limit is NodeKit's own check there, and has no position.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from nodekit.http._parser import (
    NATIVE_PARSERS,
    HttptoolsRequestParser,
    ParseError,
)
from tests.support import connect, read_all, read_until, serve

pytestmark = pytest.mark.timeout(30)

PARSERS: dict[str, type] = {"httptools": HttptoolsRequestParser}
if NATIVE_PARSERS is not None:
    PARSERS["native"] = NATIVE_PARSERS[0]

M = 16384  # max_header_size

# (bytes, code, Node's bytesParsed)
LLHTTP_ERRORS = [
    (b"Oopsie-doopsie\r\n", "HPE_INVALID_METHOD", 1),
    (b"FOO /\r\n", "HPE_INVALID_METHOD", 1),
    (b"*", "HPE_INVALID_METHOD", 0),
    (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "HPE_INVALID_HEADER_TOKEN", 28),
    # the second message of a read: the position counts from the read's start
    (b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nBa d: x\r\n\r\n",
     "HPE_INVALID_HEADER_TOKEN", 45),
    (b"GET /\x01 HTTP/1.1\r\n\r\n", "HPE_INVALID_URL", 5),
]
# Node counts the URL, names and values at the end of each span: the error is at
# the space after the URL, past the ':' after a name, past the CR after a value.
OVERFLOWS = [
    (b"GET /" + b"a" * M + b" HTTP/1.1\r\n\r\n", 16389),
    (b"GET / HTTP/1.1\r\n" + b"X" * M + b": v\r\n\r\n", 16401),
    (b"GET / HTTP/1.1\r\nCookie: " + b"a" * M + b"\r\n\r\n", 16409),
    (b"GET / HTTP/1.1\r\nCookie: " + b"a" * (M - 7) + b"\r\n\r\n", 16402),
]


class Handler:
    def on_headers_complete(self, *args: Any) -> None:
        return None

    def on_body(self, body: bytes) -> None:
        pass

    def on_message_complete(self) -> None:
        pass


def fail(parser: Any, data: bytes) -> ParseError:
    with pytest.raises(ParseError) as info:
        parser.execute(data)
    return info.value


@pytest.fixture(params=list(PARSERS))
def parser(request: pytest.FixtureRequest) -> Any:
    return PARSERS[request.param](Handler(), max_header_size=M)


@pytest.mark.parametrize(("data", "code", "position"), LLHTTP_ERRORS)
def test_llhttp_errors_carry_nodes_position_and_the_read(parser, data, code, position):
    err = fail(parser, data)
    assert (err.code, err.bytes_parsed, err.raw_packet) == (code, position, data)


@pytest.mark.parametrize(("data", "position"), OVERFLOWS)
def test_header_overflow_position(parser, data, position):
    err = fail(parser, data)
    assert err.code == "HPE_HEADER_OVERFLOW"
    assert err.raw_packet == data
    if isinstance(parser, HttptoolsRequestParser):
        assert err.bytes_parsed is None  # (see the module docstring)
    else:
        assert err.bytes_parsed == position


def test_an_error_in_a_later_read_of_a_head(parser):
    parser.execute(b"GET / HTTP/1.1\r\nHost: x\r\n")
    err = fail(parser, b"Bad Header\r\n\r\n")
    assert (err.code, err.raw_packet) == ("HPE_INVALID_HEADER_TOKEN", b"Bad Header\r\n\r\n")
    # Node: 3. httptools cannot replay a head begun in an earlier read.
    assert err.bytes_parsed == (None if isinstance(parser, HttptoolsRequestParser) else 3)


def test_every_later_read_fails_again_as_llhttp_keeps_its_error(parser):
    first = fail(parser, b"GET / HTTP/1.1\r\nBa d: x\r\n\r\n")
    for data in (b"*", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"):
        again = fail(parser, data)
        assert (again.code, again.reason) == (first.code, first.reason)
        assert (again.bytes_parsed, again.raw_packet) == (0, data)


def test_a_stopped_parser_ignores_reads_also_after_an_error(parser):
    fail(parser, b"*")
    parser.stop()
    assert parser.execute(b"*") == 1


def test_a_reset_parser_parses_again(parser):
    fail(parser, b"*")
    parser.reset()
    data = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    assert parser.execute(data) == len(data)


# -- on the wire ---------------------------------------------------------------------
def test_each_bad_read_of_a_connection_kept_open_is_a_client_error():
    """Node v20.20: a 'clientError' listener that leaves the socket open hears about
    every later read too (the parser's error again, bytes_parsed 0)."""
    errors: list[tuple[Any, ...]] = []

    def setup(srv: Any) -> None:
        def on_client_error(err: Any, sock: Any) -> None:
            errors.append((err.code, err.bytes_parsed, bytes(err.raw_packet)))
            sock.write(b"E%d;" % len(errors))

        srv.on("clientError", on_client_error)

    def client(port: int) -> bytes:
        with connect(port) as sock:
            got = b""
            for i, data in enumerate((b"FOO /\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")):
                sock.sendall(data)
                got += read_until(sock, b"E%d;" % (i + 1))
            sock.shutdown(socket.SHUT_WR)
            return got + read_all(sock)

    assert serve(setup, client) == b"E1;E2;"
    assert errors == [("HPE_INVALID_METHOD", 1, b"FOO /\r\n"),
                      ("HPE_INVALID_METHOD", 0, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
