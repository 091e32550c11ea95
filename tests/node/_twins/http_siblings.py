"""Bodies shared by sibling http ports that Node writes twice with one
thing changed (a header, a method, a kind of body, the method called)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nodekit import http, net, next_tick, set_immediate
from tests.node._common import assert_error, at, raises


def keep_alive_header(common: Any, extra_headers: dict[str, Any], expected: str) -> None:
    """test-http-keep-alive-timeout(-custom).js: the response's Keep-Alive
    header (the server's keep_alive_timeout 12010 ms in whole seconds, or
    the handler's own) is ``expected``."""
    def main():
        def handler(req, res):
            body = "hello world\n"
            res.write_head(200, {"Content-Length": len(body), **extra_headers})
            res.write(body)
            res.end()

        server = http.create_server(common.must_call(handler))
        server.keep_alive_timeout = 12010
        agent = http.Agent(max_sockets=1, keep_alive=True)

        def go(port):
            def on_response(response):
                response.resume()
                assert response.headers["keep-alive"] == expected
                server.close()
                agent.destroy()

            http.get(at(port, path="/", agent=agent), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def request_from_url(common: Any, path: str, method: str | None) -> None:
    """test-http-url.parse-basic.js (no method: a GET on the default agent)
    and -post.js (method POST as the options argument)."""
    def main():
        def handler(request, response):
            port = server.address()["port"]
            assert request.method == (method or "GET")
            assert request.url == (path or "/")
            assert request.headers["host"] == f"127.0.0.1:{port}"
            response.write_head(200, {})
            response.end("ok")
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            url = f"http://127.0.0.1:{port}{path}"
            if method is None:
                req = http.request(url)
                assert isinstance(req.agent, http.Agent)
            else:
                req = http.request(url, {"method": method})
            req.on("response", lambda res: res.resume())
            req.end()

        common.listen(server, go)

    common.run(main)


def upload(common: Any, chunks: list[Any]) -> None:
    """test-http-client-upload.js (three strings) and -upload-buf.js (one
    Buffer): what the client writes arrives as the POST's body (strings
    compared as text, bytes counted)."""
    text = isinstance(chunks[0], str)

    def main():
        def handler(req, res):
            assert req.method == "POST"
            received: list[Any] = []
            if text:
                req.set_encoding("utf8")
            req.on("data", received.append)

            def on_end():
                if text:
                    assert "".join(received) == "".join(chunks)
                else:
                    assert sum(map(len, received)) == sum(map(len, chunks))
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("hello\n")
                res.end()

            req.on("end", common.must_call(on_end))

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.set_encoding("utf8")
                res.on("data", lambda chunk: None)
                res.on("end", common.must_call(lambda: server.close()))

            req = http.request(at(port, method="POST", path="/"), common.must_call(on_response))
            for chunk in chunks:
                req.write(chunk)
            req.end()

        common.listen(server, go)

    common.run(main)


def header_change_after_sent(common: Any, before: Callable[[Any], Any],
                             after: Callable[[Any], Any], message: str) -> None:
    """test-http-response-add-header-after-sent.js / -remove-header-after-sent.js:
    ``before(res)`` works, ``after(res)`` once the head went out raises
    ERR_HTTP_HEADERS_SENT with ``message``."""
    def main():
        def handler(req, res):
            before(res)
            res.write("abc")
            raises(lambda: after(res), code="ERR_HTTP_HEADERS_SENT", message=message)
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def head_response_ends(common: Any, body: str | None) -> None:
    """test-http-head-response-has-no-body(-end).js: the response to a HEAD
    ends with no body, even when the handler ends with ``body``."""
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end(*([body] if body is not None else []))

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            http.request(at(port, method="HEAD", path="/"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)


def _counting_agent(created: list[Any]) -> Any:
    """Node's keep-alive Agent (max_sockets 1) whose create_connection is
    counted: each socket it makes lands in ``created``."""
    class Agent(http.Agent):
        def create_connection(self, options, *rest):
            socket = super().create_connection(options, *rest)
            created.append(socket)
            return socket

    return Agent(keep_alive=True, max_sockets=1)


def _last_response_on_one_socket(common: Any, server: Any, agent: Any,
                                 created: list[Any]) -> Callable[[Any], Any]:
    """The last request's response callback: every request went over one socket."""
    def on_response(res):
        res.resume()
        assert len(created) == 1
        agent.destroy()
        server.close()

    return common.must_call(on_response)


def ended_response_destroyed_keeps_the_socket(common: Any) -> None:
    """test-http-client-abort-keep-alive-destroy-res.js: destroying a response
    that already ended leaves its socket to the next request."""
    def main():
        created: list[Any] = []
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            agent = _counting_agent(created)

            def on_first(res):
                res.resume()

                def on_end():
                    res.destroy()
                    http.get(at(port, agent=agent),
                             _last_response_on_one_socket(common, server, agent, created))

                res.on("end", on_end)

            http.get(at(port, agent=agent), common.must_call(on_first)).end()

        common.listen(server, go)

    common.run(main)


def queued_request_cancelled_costs_no_socket(common: Any, cancel: Callable[[Any], Any],
                                             socket_path: str | None = None) -> None:
    """test-http-client-abort-keep-alive-queued-tcp-socket.js / -unix-socket.js:
    a request queued behind the agent's one socket and ``cancel``-ed (destroy
    or abort) makes no socket; the next request reuses the first one's. Over
    TCP on 127.0.0.1, or a unix socket at ``socket_path``."""
    def main():
        created: list[Any] = []
        server = http.create_server(lambda req, res: res.end())

        def go(port=None):
            agent = _counting_agent(created)

            def options():
                if socket_path is None:
                    return at(port, agent=agent)
                return {"agent": agent, "socket_path": socket_path}

            http.get(options(), lambda res: res.resume())
            cancel(http.get(options(), common.must_not_call()))
            http.get(options(), _last_response_on_one_socket(common, server, agent, created))

        if socket_path is None:
            common.listen(server, go)
        else:
            server.listen(socket_path, common.must_call(go))

    common.run(main)


def serve_and_check(common: Any, handler: Callable[..., Any], check: Callable[[Any], Any],
                    server_options: dict[str, Any] | None = None) -> None:
    """One GET to a server running ``handler`` (once); ``check(res)`` on the
    response, then the server closes at its 'end' (test-http-write-head-2.js,
    -response-setheaders.js)."""
    def main():
        args = (server_options,) if server_options else ()
        server = http.create_server(*args, common.must_call(handler))

        def go(port):
            def on_response(res):
                check(res)
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def write_after_end(common: Any, end_again: bool) -> None:
    """test-http-server-write-after-end.js / -write-end-after-end.js: a
    response ended, then (after ``end("world")`` again when ``end_again``)
    written to: the write's callback gets ERR_STREAM_WRITE_AFTER_END and the
    response emits no 'error'."""
    def main():
        def handle(req, res):
            res.on("error", common.must_not_call())
            res.write("hello")
            res.end()

            def later():
                if end_again:
                    res.end("world")
                    next_tick(lambda: server.close())

                def on_written(err):
                    assert_error(err, code="ERR_STREAM_WRITE_AFTER_END")
                    server.close()

                res.write("world", common.must_call(on_written))

            set_immediate(common.must_call(later))

        server = http.create_server(handle)
        common.listen(server, lambda port: http.get(at(port), lambda res: res.resume()))

    common.run(main)


def final_response_after_information(common: Any, res: Any, body_text: str,
                                     then: Callable[[], Any]) -> None:
    """test-http-information-headers.js and -processing.js: the 200 that
    follows the 1xx responses has the body ``body_text`` and its ABCD
    header; ``then()`` runs at its 'end'."""
    assert res.status_code == 200
    res.set_encoding("utf8")
    body: list[str] = []
    res.on("data", body.append)

    def on_end() -> None:
        assert "".join(body) == body_text
        assert "abcd" in res.headers
        then()

    res.on("end", common.must_call(on_end))


def write_hello_world(res: Any) -> None:
    """test-http-request-methods.js and test-http-wget.js: the handler's
    answer, in two writes."""
    res.write_head(200, {"Content-Type": "text/plain"})
    res.write("hello ")
    res.write("world\n")
    res.end()


def hello_world_over_http_1_0(common: Any, server: Any, port: int, head: str,
                              count_close: bool) -> None:
    """The raw client of the same two ports: it sends ``head``, gets
    'hello world\\n' after the response head, ends at 'end'; the server
    closes at 'close' (which must come once when ``count_close``)."""
    c = net.create_connection(port, common.HOST)
    response: list[str] = []
    c.set_encoding("utf8")
    c.on("connect", lambda: c.write(head))
    c.on("data", response.append)

    def on_end() -> None:
        m = "".join(response).split("\r\n\r\n")
        assert m[1] == "hello world\n"
        c.end()

    def on_close(*_: Any) -> None:
        server.close()

    c.on("end", common.must_call(on_end))
    c.on("close", common.must_call(on_close) if count_close else on_close)
