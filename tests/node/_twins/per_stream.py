"""The per-stream parser option ports: test-http-insecure-parser-per-stream,
test-http-max-header-size-per-stream and their https twins. Each sends one
head the default parser refuses (an invalid byte, an oversized header) to a
client or a server with and without the per-request/per-server option.

Node wires each side to a stream duplex pair; here the client talks to a raw
(net or tls) server that answers ``response``, and a raw client sends
``request`` to the http(s) server (tests/node/_common.py, _tls.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.node._common import raw_request_client, raw_response_server
from tests.node._tls import ca1, raw_tls_response_server, tls_request_client
from tests.node._twins import Twin


def _serve_raw(common: Any, twin: Twin, response: str, go: Callable[..., Any]) -> None:
    (raw_tls_response_server if twin.secure else raw_response_server)(common, response, go)


def _send_raw(common: Any, twin: Twin, server: Any, request: str) -> None:
    (tls_request_client if twin.secure else raw_request_client)(common, server, request)


def _server_options(twin: Twin, option: dict[str, Any]) -> tuple[Any, ...]:
    # Node's https files pass the ca as well (the client does not check it).
    if twin.secure:
        return ({"ca": ca1(), **option},)
    return (option,) if option else ()


def client_accepts(common: Any, twin: Twin, response: str, option: dict[str, Any],
                   expected: str) -> None:
    """The request with ``option`` parses the head: header ``hello`` is ``expected``."""
    def main():
        def go(server, port):
            def on_response(res):
                assert res.headers["hello"] == expected
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = twin.request(twin.at(port, **option), common.must_call(on_response))
            req.on("error", lambda err: server.close())
            req.end()

        _serve_raw(common, twin, response, go)

    common.run(main)


def client_refuses(common: Any, twin: Twin, response: str) -> None:
    """Without the option the request errors and never gets a response."""
    def main():
        def go(server, port):
            req = twin.request(twin.at(port), common.must_not_call("response"))
            req.end()
            req.on("error", common.must_call(lambda err: server.close()))

        _serve_raw(common, twin, response, go)

    common.run(main)


def server_accepts(common: Any, twin: Twin, option: dict[str, Any], request: str) -> None:
    """The server with ``option`` serves the request; no 'clientError'."""
    def main():
        def handler(req, res):
            res.status_code = 200
            res.set_header("Content-Type", "text/plain")
            res.end("Hello, World!\n")
            if not twin.secure:
                # Node's http files end the socket (the raw client never does).
                res.socket.end()

        server = twin.create_server(*_server_options(twin, option), common.must_call(handler))
        server.on("clientError", common.must_not_call("clientError"))
        _send_raw(common, twin, server, request)

    common.run(main)


def server_refuses(common: Any, twin: Twin, request: str,
                   on_client_error: Callable[..., Any]) -> None:
    """Without the option the server never sees a request; ``on_client_error``
    (the port's must_call) checks the 'clientError'."""
    def main():
        server = twin.create_server(*_server_options(twin, {}), common.must_not_call("request"))
        server.on("clientError", on_client_error)
        _send_raw(common, twin, server, request)

    common.run(main)
