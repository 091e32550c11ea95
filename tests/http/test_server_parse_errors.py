"""The errors 'clientError' gets from the parser are Node's (issue 11: one ParseError type).

Checked with Node v20.20 on the same bytes: header overflow and the chunk
extension limit are ``Parse Error: <reason>``; an EOF inside a message is
``Parse Error`` with the reason apart (Node's socketOnEnd), all with
``code`` and ``reason``.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from nodekit.http._parser import ParseError
from tests.support import connect, read_all, serve

pytestmark = pytest.mark.timeout(30)


def client_errors(request: bytes, half_close: bool = False) -> list[tuple[Any, ...]]:
    errors: list[tuple[Any, ...]] = []

    def setup(srv: Any) -> None:
        def on_client_error(err: BaseException, sock: Any) -> None:
            errors.append((type(err), getattr(err, "code", None), err.args[0],
                           getattr(err, "reason", None)))
            sock.destroy()

        srv.on("request", lambda req, res: res.end("ok"))
        srv.on("clientError", on_client_error)

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(request)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
            return read_all(sock)

    serve(setup, client)
    return errors


def test_header_overflow_is_a_parse_error_as_in_node():
    request = b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * 20000 + b"\r\n\r\n"
    assert client_errors(request) == [
        (ParseError, "HPE_HEADER_OVERFLOW", "Parse Error: Header overflow", "Header overflow")]


def test_eof_inside_a_head_is_a_parse_error_as_in_node():
    assert client_errors(b"GET / HTTP/1.1\r\nHost: a\r\n", half_close=True) == [
        (ParseError, "HPE_INVALID_EOF_STATE", "Parse Error", "Invalid EOF state")]


def test_chunk_extensions_overflow_is_a_parse_error_as_in_node():
    request = (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a="
               + b"x" * 20000 + b"\r\nhello\r\n0\r\n\r\n")
    assert client_errors(request) == [
        (ParseError, "HPE_CHUNK_EXTENSIONS_OVERFLOW", "Parse Error: Chunk extensions overflow",
         "Chunk extensions overflow")]
