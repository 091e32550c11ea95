"""test-http(s)-server-options-server-response.js and
-server-options-incoming-message.js: the server_response and
incoming_message options set the classes the server makes; and
test-http(s)-keep-alive-drop-requests.js: a request past
max_requests_per_socket is dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import http, net
from tests.node._tls import ca1
from tests.node._twins import Twin


class MyServerResponse(http.ServerResponse):
    def status(self, code):
        return self.write_head(code, {"Content-Type": "text/plain"})


class MyIncomingMessage(http.IncomingMessage):
    def get_user_agent(self):
        return self.headers.get("user-agent") or "unknown"


def _options(twin: Twin, **options: Any) -> dict[str, Any]:
    # Node's https files pass the ca as well (the client does not check it).
    return {"ca": ca1(), **options} if twin.secure else options


def _get_then_close(common: Any, twin: Twin, server: Any, **options: Any) -> None:
    def go(port):
        def on_response(res):
            assert res.status_code == 200
            res.on("end", common.must_call(lambda: server.close()))
            res.resume()

        twin.get(twin.at(port, **options), common.must_call(on_response))

    common.listen(server, go)


def server_response_option(common: Any, twin: Twin,
                           make_server: Callable[..., Any]) -> None:
    """``make_server(options, listener)``: Node's http file calls the
    Server constructor, its https file createServer."""
    def main():
        def handler(req, res):
            res.status(200)
            res.end()

        server = make_server(_options(twin, server_response=MyServerResponse),
                             common.must_call(handler))
        _get_then_close(common, twin, server)

    common.run(main)


def incoming_message_option(common: Any, twin: Twin) -> None:
    def main():
        def handler(req, res):
            assert req.get_user_agent() == "node-test"
            res.status_code = 200
            res.end()

        server = twin.create_server(_options(twin, incoming_message=MyIncomingMessage),
                                    common.must_call(handler))
        _get_then_close(common, twin, server, headers={"User-Agent": "node-test"})

    common.run(main)


def _request(socket: Any) -> None:
    socket.write("GET / HTTP/1.1\r\n")
    socket.write("Connection: keep-alive\r\n")
    socket.write("Host: localhost\r\n")
    socket.write("\r\n\r\n")


def request_past_max_requests_per_socket_is_dropped(common: Any, twin: Twin) -> None:
    def main():
        server = twin.create_server(common.must_call(lambda req, res: res.end("ok")))

        def on_drop(request, socket):
            assert isinstance(request, http.IncomingMessage)
            assert isinstance(socket, net.Socket)
            server.close()

        server.on("dropRequest", common.must_call(on_drop))
        server.max_requests_per_socket = 1

        def go(port):
            def on_connect():
                _request(socket)
                _request(socket)

            socket = twin.connect({"port": port, "host": common.HOST},
                                  common.must_call(on_connect))
            socket.on("error", common.must_not_call("error"))
            socket.on("data", common.must_call_at_least())
            socket.on("close", common.must_call())

        common.listen(server, go)

    common.run(main)
