"""The parse-error ports: a raw peer sends a malformed message, the http
side reports 'Parse Error' with llhttp's code.

- client side (test-http-client-reject-chunked-with-content-length.js,
  -client-reject-cr-no-lf.js): a raw net server answers ``response``; the
  request gets no response and one 'error'.
- server side (test-http-server-reject-chunked-with-content-length.js,
  -server-reject-cr-no-lf.js, -parser-finish-error.js): a raw net client
  writes ``request`` and ends; the server gets no request and one
  'clientError', the client no data and its 'end'."""

from __future__ import annotations

from typing import Any

from nodekit import http, net
from tests.node._common import at


def _is_parse_error(err: Any, code: str) -> None:
    assert str(err).startswith("Parse Error")
    assert err.code == code


def client_parse_error(common: Any, response: str, code: str) -> None:
    def main():
        server = net.create_server(lambda socket: socket.write(response))

        def go(port):
            req = http.get(at(port), common.must_not_call())

            def on_error(err):
                _is_parse_error(err, code)
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)


def server_parse_error(common: Any, request: str, code: str, close_on_error: bool) -> None:
    """``close_on_error``: the 'clientError' listener closes the server too
    (as Node's reject-* files do; the client's 'end' always does)."""
    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            _is_parse_error(err, code)
            if close_on_error:
                server.close()
            socket.destroy()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)

            def on_connect():
                client.write(request)
                client.end()

            client.on("connect", common.must_call(on_connect))
            client.on("data", common.must_not_call("no data should be returned by the server"))
            client.on("end", common.must_call(lambda: server.close()))

        common.listen(server, go)

    common.run(main)
