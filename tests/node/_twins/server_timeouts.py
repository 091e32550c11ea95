"""The bodies of Node's server headers/request timeout ports
(test-http-server-headers-timeout-X.js and -request-timeout-X.js, the same
files with headersTimeout or requestTimeout): each case takes the server
``options`` (which timeout is on), the ``timeout`` in ms and a ``setup(server)``
for the port's own checks. The checking interval is a quarter of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE, expect_response_then_end

Setup = Callable[[Any], Any]


def _server(options: dict[str, Any], timeout: int, handler: Any) -> Any:
    return http.create_server({**options, "keep_alive_timeout": 0,
                               "connections_checking_interval": timeout // 4}, handler)


def _expect_408(text: str, server: Any) -> None:
    assert text == REQUEST_TIMEOUT_RESPONSE
    server.close()


def _late_sender(common: Any, server: Any, send: Callable[[], Any]) -> Callable[[], Any]:
    """Node's ``sendDelayedRequestHeaders``: the server's first 'connection'
    (or request) calls ``send`` once; returns the trigger to install."""
    box: dict[str, Any] = {"send": common.must_call(send)}

    def trigger(*_: Any) -> None:
        assert callable(box.get("send"))
        box["send"]()

    return trigger


def _late_head_case(common: Any, options: dict[str, Any], timeout: int, setup: Setup,
                    first: list[str], late: list[str], data_at_least: bool) -> None:
    """``first`` is written at once, ``late`` after twice the timeout (from
    the server's 'connection'): the answer is a 408 and no request."""
    def main():
        server = _server(options, timeout, common.must_not_call("request"))
        setup(server)

        def go(port):
            client = net.connect(port, common.HOST)
            expect_response_then_end(common, client, lambda text: _expect_408(text, server),
                                     data_at_least=data_at_least)
            client.resume()
            for chunk in first:
                client.write(chunk)

            def send():
                def later():
                    for chunk in late:
                        client.write(chunk)

                set_timeout(later, timeout * 2).unref()

            server.on("connection", common.must_call(_late_sender(common, server, send)))

        common.listen(server, go)

    common.run(main)


def delayed_headers_case(common: Any, options: dict[str, Any], timeout: int,
                         setup: Setup) -> None:
    """No head at all until twice the timeout: a 408, no request."""
    _late_head_case(common, options, timeout, setup, [],
                    ["POST / HTTP/1.1\r\n", "Content-Length: 20\r\n",
                     "Connection: close\r\n\r\n", "12345678901234567890\r\n\r\n"],
                    data_at_least=True)


def interrupted_headers_case(common: Any, options: dict[str, Any], timeout: int,
                             setup: Setup) -> None:
    """A head whose last line comes after twice the timeout gets a 408."""
    _late_head_case(common, options, timeout, setup,
                    ["GET / HTTP/1.1\r\n", "Connection: close\r\n", "X-CRASH: "],
                    ["1234567890\r\n\r\n"], data_at_least=False)


def body_case(common: Any, options: dict[str, Any], timeout: int, setup: Setup,
              first_part: str, rest: str) -> None:
    """After the head, ``first_part`` of the 20-byte body comes at once and
    ``rest`` only after twice the timeout: the answer is a 408."""
    def main():
        def handler(req, res):
            body = []
            req.set_encoding("utf-8")
            req.on("data", body.append)

            def on_end():
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("".join(body))
                res.end()

            req.on("end", on_end)
            box["trigger"]()

        box: dict[str, Any] = {}
        server = _server(options, timeout, common.must_call(handler))
        setup(server)

        def go(port):
            client = net.connect(port, common.HOST)
            expect_response_then_end(common, client, lambda text: _expect_408(text, server))
            client.resume()
            client.write("POST / HTTP/1.1\r\n")
            client.write("Host: example.com\r\n")
            client.write("Content-Length: 20\r\n")
            client.write("Connection: close\r\n")
            client.write("\r\n")
            if first_part:
                client.write(first_part)

            def send():
                set_timeout(lambda: client.write(rest), timeout * 2).unref()

            box["trigger"] = _late_sender(common, server, send)

        common.listen(server, go)

    common.run(main)


def _ok(req: Any, res: Any) -> None:
    res.write_head(200, {"Content-Type": "text/plain"})
    res.end()


def _two_requests_case(common: Any, options: dict[str, Any], timeout: int, setup: Setup,
                       start: Callable[[Any], Any],
                       on_first: Callable[[Any, dict[str, Any]], Any],
                       require_second: bool) -> None:
    """The keep-alive and pipelining cases: ``start(client)`` sends; the
    first answer is a 200 (then ``on_first(client, state)``), the second a
    408 and the connection ends."""
    def main():
        server = _server(options, timeout, common.must_call_at_least(_ok))
        setup(server)

        def go(port):
            client = net.connect(port, common.HOST)
            state: dict[str, Any] = {"second": False, "response": ""}
            client.set_encoding("utf8")

            def on_data(chunk):
                state["response"] += chunk
                if not state["second"] and state["response"].endswith("\r\n\r\n"):
                    assert state["response"].split("\r\n")[0] == "HTTP/1.1 200 OK"
                    on_first(client, state)

            client.on("data", common.must_call_at_least(on_data))

            def err_or_end(err=None):
                if require_second:
                    assert state["second"] is True
                elif not state["second"]:
                    return
                assert state["response"] == REQUEST_TIMEOUT_RESPONSE
                server.close()

            done = common.must_call(err_or_end)
            client.on("error", done)
            client.on("end", done)
            start(client)

        common.listen(server, go)

    common.run(main)


def _request_with_delay(client: Any, first_delay: float, second_delay: float,
                        close_after: bool) -> None:
    client.resume()
    client.write("GET / HTTP/1.1\r\nHost: example.com\r\n")
    set_timeout(lambda: client.write("Connection: "), first_delay).unref()
    set_timeout(lambda: client.write(f"{'close' if close_after else 'keep-alive'}\r\n\r\n"),
                first_delay + second_delay).unref()


def keep_alive_case(common: Any, options: dict[str, Any], timeout: int,
                    second_delay: float, setup: Setup) -> None:
    """A prompt first request, then a second whose head is left unfinished
    for ``second_delay`` gets a 408."""
    def on_first(client, state):
        def later():
            state["response"] = ""
            state["second"] = True
            _request_with_delay(client, timeout // 5, second_delay, True)

        set_timeout(later, timeout * 1.5).unref()

    _two_requests_case(common, options, timeout, setup,
                       lambda client: _request_with_delay(client, timeout // 5, timeout // 5,
                                                          False),
                       on_first, require_second=True)


def pipelining_case(common: Any, options: dict[str, Any], timeout: int, delay: float,
                    setup: Setup) -> None:
    """A pipelined second head is finished after ``delay``, too late: the
    first request gets its 200, the second a 408."""
    def start(client):
        client.resume()
        client.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
                     "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: ")
        set_timeout(lambda: client.write("close\r\n\r\n"), delay).unref()

    def on_first(client, state):
        state["response"] = ""
        state["second"] = True

    _two_requests_case(common, options, timeout, setup, start, on_first, require_second=False)
