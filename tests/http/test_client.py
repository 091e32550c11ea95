"""http.request / http.get: the options of the seed and the exact bytes on the wire.

Most tests talk to a ``RawServer`` (a plain blocking socket in a thread) and
compare the request bytes with what Node v20's client sends for the same
call; those expectations were taken from Node v20.20 against the same kind
of raw server.
"""

from __future__ import annotations

import base64
import math
import os
import socket
import tempfile

import pytest
from conftest import run
from test_client_support import (
    OK,
    Body,
    RawServer,
    get_resumed,
    get_with,
    nodekit_server,
    request_resumed,
    respond,
)

from nodekit import http, net
from nodekit.errors import NodeError


def head_of(data: bytes) -> bytes:
    return data.partition(b"\r\n\r\n")[0] + b"\r\n\r\n"


def lines_of(data: bytes) -> list[bytes]:
    return head_of(data).split(b"\r\n")[:-2]


# -- request line, Host, Connection -------------------------------------------------


def test_get_sends_request_line_host_and_connection_keep_alive(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port))
    assert srv.requests == [(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n"
                             "Connection: keep-alive\r\n\r\n").encode()]


def test_defaults_are_method_get_path_slash_and_host_localhost(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.request({"port": srv.port},
                                 must_call(lambda res: res.resume())).end())
    assert lines_of(srv.requests[0])[:2] == [b"GET / HTTP/1.1",
                                            f"Host: localhost:{srv.port}".encode()]


def test_hostname_is_preferred_over_host(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get({"hostname": "127.0.0.1", "host": "nonexistent.invalid",
                              "port": srv.port}, must_call(lambda res: res.resume())))
    assert f"Host: 127.0.0.1:{srv.port}".encode() in lines_of(srv.requests[0])


def test_options_may_be_given_as_keyword_arguments(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(host="127.0.0.1", port=srv.port, path="/kw",
                             callback=None).on("response", must_call(lambda res: res.resume())))
    assert lines_of(srv.requests[0])[0] == b"GET /kw HTTP/1.1"


def test_without_an_agent_there_is_no_default_port_to_leave_out_of_host(must_call):
    # Node v20.20 (checked): with create_connection and no agent there is no
    # default port, so "Host: 127.0.0.1:80". The connection itself goes to the
    # raw server through create_connection.
    with RawServer(respond(OK)) as srv:
        def main():
            req = http.request({"host": "127.0.0.1", "port": 80,
                                "create_connection": lambda opts: net.connect(srv.port,
                                                                              "127.0.0.1")},
                               must_call(lambda res: res.resume()))
            req.end()

        run(main)
    assert b"Host: 127.0.0.1:80" in lines_of(srv.requests[0])


def test_ipv6_host_is_bracketed_in_the_host_header():
    req = http.request({"host": "::1", "port": 8080})
    assert req.get_header("host") == "[::1]:8080"
    req.on("error", lambda err: None)
    req.destroy()
    run()


def test_set_host_false_sends_no_host_header(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, set_host=False))
    assert not any(line.lower().startswith(b"host:") for line in lines_of(srv.requests[0]))


def test_method_is_upper_cased(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: request_resumed(must_call, srv.port, method="patch").end())
    assert lines_of(srv.requests[0])[0] == b"PATCH / HTTP/1.1"


def test_a_method_that_is_not_a_token_raises_err_invalid_http_token():
    with pytest.raises(TypeError) as info:
        http.request({"port": 1, "method": "GE T"})
    assert info.value.code == "ERR_INVALID_HTTP_TOKEN"


def test_path_and_query_are_sent_as_given(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, "/index.html?page=12&x=%20"))
    assert lines_of(srv.requests[0])[0] == b"GET /index.html?page=12&x=%20 HTTP/1.1"


@pytest.mark.parametrize("path", ["/a b", "/a\tb", "/a\r\nX: y", "/\x00", "/\u20ac"])
def test_an_illegal_character_in_the_path_raises_err_unescaped_characters(path):
    with pytest.raises(TypeError) as info:
        http.request({"port": 1, "path": path})
    assert info.value.code == "ERR_UNESCAPED_CHARACTERS"


def test_latin1_characters_in_the_path_are_allowed_as_in_node():
    req = http.request({"port": 1, "path": "/caf\u00e9"})
    assert req.path == "/caf\u00e9"
    req.on("error", lambda err: None)
    req.destroy()
    run()


def test_a_protocol_other_than_http_raises_err_invalid_protocol():
    with pytest.raises(TypeError) as info:
        http.request({"protocol": "https:", "port": 1})
    assert info.value.code == "ERR_INVALID_PROTOCOL"


def test_a_non_string_host_raises_err_invalid_arg_type():
    with pytest.raises(TypeError) as info:
        http.request({"host": 127, "port": 1})
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_a_non_string_hostname_is_reported_before_host():
    with pytest.raises(TypeError) as info:
        http.request({"hostname": 1, "host": "127.0.0.1", "port": 1})
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert '"options.hostname"' in str(info.value)


def test_a_non_string_host_message_is_nodes():
    with pytest.raises(TypeError) as info:
        http.request({"hostname": 1, "port": 1})
    assert info.value.args[0].startswith(
        'The "options.hostname" property must be of type string or one of undefined or null.')


@pytest.mark.parametrize("timeout,cls,code", [
    ("1", TypeError, "ERR_INVALID_ARG_TYPE"), (True, TypeError, "ERR_INVALID_ARG_TYPE"),
    (-1, ValueError, "ERR_OUT_OF_RANGE"), (math.inf, ValueError, "ERR_OUT_OF_RANGE"),
])
def test_a_bad_timeout_option_raises_at_the_call_like_nodes_get_timer_duration(timeout, cls,
                                                                                code):
    with pytest.raises(cls) as info:
        http.request({"host": "127.0.0.1", "port": 1, "timeout": timeout})
    assert info.value.code == code


def test_a_host_header_that_is_not_a_string_raises_err_invalid_arg_type():
    with pytest.raises(TypeError) as info:
        http.request({"host": "127.0.0.1", "port": 1, "headers": {"Host": ["a"]}})
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert info.value.args[0].startswith(
        'The "options.headers.host" property must be of type string.')


def test_a_negative_max_header_size_raises_err_out_of_range():
    with pytest.raises(ValueError) as info:
        http.request({"host": "127.0.0.1", "port": 1, "max_header_size": -1})
    assert info.value.code == "ERR_OUT_OF_RANGE"


def test_a_zero_max_header_size_means_the_default():
    sizes = []

    def main():
        req = http.request({"host": "127.0.0.1", "port": 1, "max_header_size": 0})
        req.on("error", lambda err: None)
        sizes.append(req.max_header_size)
        req.destroy()

    run(main)
    assert sizes == [16384]


def test_the_options_dict_is_left_as_it_was(must_call):
    opts = {"host": "127.0.0.1", "path": "/x", "headers": {"X-A": "1"}}
    with RawServer(respond(OK)) as srv:
        opts["port"] = srv.port
        before = {**opts, "headers": dict(opts["headers"])}
        run(lambda: http.get(opts, must_call(lambda res: res.resume())))
    assert opts == before


# -- URL strings ---------------------------------------------------------------------


def test_a_url_string_is_parsed_into_host_port_and_path(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(f"http://127.0.0.1:{srv.port}/a/b?c=d#frag",
                             must_call(lambda res: res.resume())))
    assert lines_of(srv.requests[0])[:2] == [b"GET /a/b?c=d HTTP/1.1",
                                            f"Host: 127.0.0.1:{srv.port}".encode()]


def test_a_url_with_credentials_sends_basic_authorization(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.get(f"http://us%40er:p%3Ass@127.0.0.1:{srv.port}/",
                             must_call(lambda res: res.resume())))
    token = base64.b64encode(b"us@er:p:ss").decode()
    assert f"Authorization: Basic {token}".encode() in lines_of(srv.requests[0])


def test_a_url_path_is_percent_encoded_like_node_url():
    # new URL('http://h/a b/\u00e9?q=a b') -> pathname '/a%20b/%C3%A9', search '?q=a%20b'
    req = http.request("http://127.0.0.1:1/a b/\u00e9?q=a b")
    assert req.path == "/a%20b/%C3%A9?q=a%20b"
    req.on("error", lambda err: None)
    req.destroy()
    run()


def test_a_url_and_an_options_dict_are_merged(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: http.request(f"http://127.0.0.1:{srv.port}/u", {"method": "DELETE"},
                                 must_call(lambda res: res.resume())).end())
    assert lines_of(srv.requests[0])[0] == b"DELETE /u HTTP/1.1"


@pytest.mark.parametrize("url,code", [
    ("https://example.com/", "ERR_INVALID_PROTOCOL"),
    ("not a url", "ERR_INVALID_URL"),
    ("http://", "ERR_INVALID_URL"),
    ("http://host:99999/", "ERR_INVALID_URL"),
])
def test_a_bad_url_raises_with_nodes_code(url, code):
    with pytest.raises(TypeError) as info:
        http.get(url)
    assert info.value.code == code


# -- headers ------------------------------------------------------------------------


def test_headers_keep_the_name_case_and_order_given(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, headers={"X-Foo": "Bar", "x-lower": "v",
                                "ACCEPT": "*/*"}))
    assert lines_of(srv.requests[0])[1:4] == [b"X-Foo: Bar", b"x-lower: v", b"ACCEPT: */*"]


def test_a_list_header_value_is_sent_as_one_line_per_item(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port)
            req.set_header("X-List", ["a", "b"])
            req.set_header("X-Num", 5)
            req.end()

        run(main)
    lines = lines_of(srv.requests[0])
    assert [line for line in lines if line.startswith(b"X-")] == [
        b"X-List: a", b"X-List: b", b"X-Num: 5"]


def test_headers_given_as_a_list_are_sent_exactly_without_host(must_call):
    # Node: an array of headers is the raw head: no Host or Authorization added.
    with RawServer(respond(OK)) as srv:
        run(lambda: request_resumed(must_call, srv.port, method="POST", auth="u:p",
                                    headers=["X-A", "1", "x-a", "2"]).end())
    assert head_of(srv.requests[0]) == (b"POST / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\n"
                                        b"Connection: keep-alive\r\n"
                                        b"Transfer-Encoding: chunked\r\n\r\n")


def test_headers_given_as_a_list_are_sent_at_once_and_are_then_immutable():
    req = http.request({"port": 1, "headers": [("X-A", "1")]})
    assert req.headers_sent  # Node: headersSent is true once the head is rendered
    with pytest.raises(NodeError) as info:
        req.set_header("X-B", "2")
    assert info.value.code == "ERR_HTTP_HEADERS_SENT"
    req.on("error", lambda err: None)
    req.destroy()
    run()


def test_an_invalid_header_value_raises_err_invalid_char():
    with pytest.raises(TypeError) as info:
        http.request({"port": 1, "headers": {"X-A": "a\r\nInjected: 1"}})
    assert info.value.code == "ERR_INVALID_CHAR"


def test_get_header_and_remove_header_work_until_the_head_is_sent(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, headers={"X-Gone": "1", "X-Kept": "2"})
            assert req.get_header("x-gone") == "1"
            assert req.get_header("HOST") == f"127.0.0.1:{srv.port}"
            req.remove_header("X-Gone")
            assert req.get_header("x-gone") is None
            req.end()
            with pytest.raises(NodeError) as info:
                req.set_header("X-Late", "1")
            assert info.value.code == "ERR_HTTP_HEADERS_SENT"
            with pytest.raises(NodeError):
                req.remove_header("X-Kept")

        run(main)
    lines = lines_of(srv.requests[0])
    assert b"X-Kept: 2" in lines
    assert not any(line.startswith(b"X-Gone") for line in lines)


def test_auth_option_sends_basic_authorization(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, auth="user:pa ss"))
    assert b"Authorization: Basic dXNlcjpwYSBzcw==" in lines_of(srv.requests[0])


def test_an_authorization_header_overrides_the_auth_option(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, auth="user:pass",
                                headers={"authorization": "Bearer t"}))
    auth = [line for line in lines_of(srv.requests[0]) if line.lower().startswith(b"authoriz")]
    assert auth == [b"authorization: Bearer t"]


def test_agent_false_sends_connection_close(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, agent=False))
    assert srv.requests == [(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n"
                             "Connection: close\r\n\r\n").encode()]


def test_a_user_connection_header_is_sent_instead_of_ours(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, headers={"Connection": "close"}))
    conn = [line for line in lines_of(srv.requests[0]) if line.lower().startswith(b"connection")]
    assert conn == [b"Connection: close"]


def test_an_agent_that_is_not_an_agent_raises_err_invalid_arg_type():
    with pytest.raises(TypeError) as info:
        http.request({"port": 1, "agent": "nope"})
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


# -- body framing -------------------------------------------------------------------


def test_a_post_without_content_length_is_chunked(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")
            req.write("hello")
            req.end(b"world")

        run(main)
    assert srv.requests[0] == (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n"
                               "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n").encode()


def test_a_content_length_header_disables_chunked_encoding(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST",
                                  headers={"Content-Length": 10})
            req.write("hello")
            req.end("world")

        run(main)
    assert srv.requests[0].endswith(b"Content-Length: 10\r\nHost: 127.0.0.1:%d\r\n"
                                    b"Connection: keep-alive\r\n\r\nhelloworld" % srv.port)


def test_end_with_the_whole_body_sends_a_content_length(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: request_resumed(must_call, srv.port, method="PUT").end("whole"))
    assert srv.requests[0].endswith(b"Connection: keep-alive\r\nContent-Length: 5\r\n\r\nwhole")


def test_a_get_body_is_sent_unframed_as_node_does(must_call):
    def handler(conn):
        conn.read_head()
        conn.send(OK)
        conn.read_to_eof()  # the unframed body: whatever comes until the client closes

    with RawServer(handler) as srv:
        def main():
            req = request_resumed(must_call, srv.port)
            req.write("abc")
            req.end("def")

        run(main)
    assert srv.requests[0] == (f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\n"
                               "Connection: keep-alive\r\n\r\nabcdef").encode()


def test_a_string_chunk_is_encoded_with_the_given_encoding(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST",
                                  headers={"Content-Length": 4})
            req.write("68690a", "hex")
            req.end("\u00e9", "latin1")

        run(main)
    assert srv.requests[0].endswith(b"\r\n\r\nhi\n\xe9")


def test_the_head_and_the_first_chunk_go_out_in_one_write(must_call):
    writes: list[bytes] = []

    def record(sock):
        original = sock._write_raw

        def write_raw(data):
            writes.append(bytes(data))
            return original(data)

        sock._write_raw = write_raw

    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")
            req.on("socket", record)
            req.write("first")
            req.end("second")

        run(main)
    assert writes[0].startswith(b"POST / HTTP/1.1\r\n")
    assert writes[0].endswith(b"\r\n\r\n5\r\nfirst\r\n")


def test_flush_headers_sends_the_head_before_any_body(must_call):
    # The server answers as soon as it has the head; the client only ends
    # the request once the response is there: the head went out on its own.
    def handler(conn):
        conn.read_head()
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        conn.read_until(b"0\r\n\r\n")

    with RawServer(handler) as srv:
        def main():
            req = http.request(get_with(srv.port, method="POST"))

            def on_response(res):
                res.resume()
                req.end("late")

            req.on("response", must_call(on_response))
            req.flush_headers()
            assert req.headers_sent

        run(main)
    assert srv.requests[0].endswith(b"\r\n\r\n4\r\nlate\r\n0\r\n\r\n")


def test_flush_is_the_seeds_name_for_flush_headers():
    assert http.ClientRequest.flush is http.ClientRequest.flush_headers


def test_expect_100_continue_sends_the_head_at_once_and_the_body_after_continue(must_call):
    def handler(conn):
        head = conn.read_head()
        assert b"Expect: 100-continue" in head
        conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        assert conn.read_exact(4) == b"body"
        conn.send(OK)

    with RawServer(handler) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="PUT",
                                  headers={"Expect": "100-continue",
                                  "Content-Length": 4})
            assert req.headers_sent  # seed: an Expect header sends the head at once
            req.on("continue", must_call(lambda: req.end("body")))

        run(main)


def test_expect_100_continue_against_a_nodekit_server(must_call):
    got = []

    def handler(req, res):
        body = Body(req, lambda b: (got.append(b.data), res.end("done")))
        assert body is not None

    def client(srv, port):
        req = http.request(get_with(port, method="POST", headers={"Expect": "100-continue"}))
        req.on("continue", must_call(lambda: req.end("payload")))
        req.on("response", must_call(lambda res: Body(res, lambda b: srv.close())))

    nodekit_server(handler, client)
    assert got == [b"payload"]


def test_write_callback_runs_once_the_chunk_is_handed_to_the_socket(must_call):
    order = []
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")
            req.write("a", must_call(lambda *a: order.append("write cb")))
            req.end(must_call(lambda *a: order.append("end cb")))

        run(main)
    assert order == ["write cb", "end cb"]


def test_write_after_end_emits_err_stream_write_after_end(must_call):
    with RawServer(respond(OK)) as srv:
        def main():
            req = request_resumed(must_call, srv.port, method="POST")
            req.end("x")
            req.on("error", must_call(lambda err: errors.append(err.code)))
            req.write("y")

        errors: list[str] = []
        run(main)
    assert errors == ["ERR_STREAM_WRITE_AFTER_END"]


# -- options that reach the socket ------------------------------------------------------


def test_local_address_binds_the_client_side_of_the_connection(must_call):
    peers = []

    def handler(req, res):
        peers.append(req.socket.remote_address)
        res.end()

    def client(srv, port):
        http.get(get_with(port, local_address="127.0.0.2"),
                 must_call(lambda res: (res.resume(), srv.close())))

    nodekit_server(handler, client)
    assert peers == ["127.0.0.2"]


def test_socket_path_sends_the_request_over_a_unix_socket_with_host_localhost(must_call):
    seen = []
    path = os.path.join(tempfile.mkdtemp(), "http.sock")

    def handler(req, res):
        seen.append((req.url, req.headers.get("host")))
        res.end("unix")

    def main():
        srv = http.create_server(handler)

        def on_listening():
            http.get({"socket_path": path, "path": "/over-unix"},
                     must_call(lambda res: Body(res, lambda b: (bodies.append(b.data),
                                                                srv.close()))))

        srv.listen(path, on_listening)

    bodies: list[bytes] = []
    run(main)
    os.rmdir(os.path.dirname(path))
    assert seen == [("/over-unix", "localhost")]
    assert bodies == [b"unix"]


def test_keep_alive_option_turns_on_tcp_keep_alive_for_the_requests_socket(must_call):
    flags = []

    def on_socket(sock):
        sock.once("connect", lambda: flags.append(
            sock._raw_socket().getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)))

    with RawServer(respond(OK)) as srv:
        def main():
            req = get_resumed(must_call, srv.port, agent=False, keep_alive=True,
                              keep_alive_msecs=3000)
            req.on("socket", on_socket)

        run(main)
    assert flags == [1]


@pytest.mark.parametrize(("call", "level", "option", "expected"), [
    (lambda req: req.set_no_delay(False), socket.IPPROTO_TCP, socket.TCP_NODELAY, 0),
    (lambda req: req.set_socket_keep_alive(True, 1000), socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1),
], ids=["set_no_delay", "set_socket_keep_alive"])
def test_socket_option_set_before_the_socket_is_applied_once_it_connects(
        must_call, call, level, option, expected):
    flags = []

    def on_response(res):
        res.resume()
        flags.append(res.socket._raw_socket().getsockopt(level, option))

    with RawServer(respond(OK)) as srv:
        def main():
            req = http.request(get_with(srv.port), must_call(on_response))
            call(req)  # before there is a socket: deferred
            req.end()

        run(main)
    assert flags == [expected]


# -- a NodeKit server as the peer -----------------------------------------------------------


def test_a_request_body_streams_to_a_nodekit_server(must_call):
    received = []

    def handler(req, res):
        Body(req, lambda b: (received.append((req.method, req.headers.get("transfer-encoding"),
                                              b.data)), res.end("thanks")))

    def client(srv, port):
        req = http.request(get_with(port, method="POST"),
                           must_call(lambda res: Body(res, lambda b: srv.close())))
        for i in range(10):
            req.write(f"part{i};")
        req.end()

    nodekit_server(handler, client)
    assert received == [("POST", "chunked", b"".join(b"part%d;" % i for i in range(10)))]


def test_http_get_ends_the_request_for_you(must_call):
    def client(srv, port):
        req = http.get(get_with(port), must_call(lambda res: Body(res, lambda b: srv.close())))
        assert req.finished

    nodekit_server(lambda req, res: res.end("x"), client)


# -- http.create_client (deprecated) ----------------------------------------------------------


def test_create_client_is_deprecated_but_still_sends_requests(must_call):
    got = []

    def client(srv, port):
        with pytest.warns(DeprecationWarning):
            c = http.create_client(port, "127.0.0.1")
        req = c.request("POST", "/legacy", {"X-Old": "yes"})
        req.on("response", must_call(lambda res: Body(res, lambda b: (got.append(b.data),
                                                                      srv.close()))))
        req.end("body")

    def handler(req, res):
        Body(req, lambda b: res.end(f"{req.method} {req.url} {req.headers['x-old']} "
                                    f"{b.data.decode()}"))

    nodekit_server(handler, client)
    assert got == [b"POST /legacy yes body"]


def test_create_client_requests_share_one_connection(must_call):
    connections = []
    got = []

    def client(srv, port):
        with pytest.warns(DeprecationWarning):
            c = http.create_client(port, "127.0.0.1")
        for path in ("/a", "/b", "/c"):
            req = c.request(path)  # the old (path) form: method GET
            req.on("response", must_call(lambda res: Body(res, done)))
            req.end()

        def done(body):
            got.append(body.data)
            if len(got) == 3:
                srv.close()

    nodekit_server(lambda req, res: res.end(req.method + req.url), client,
                   setup=lambda srv: srv.on("connection", connections.append))
    assert got == [b"GET/a", b"GET/b", b"GET/c"]
    assert len(connections) == 1


def test_create_client_emits_request_errors_on_the_client(must_call):
    from test_client_support import free_port

    def main():
        with pytest.warns(DeprecationWarning):
            c = http.create_client(free_port(), "127.0.0.1")
        c.on("error", must_call(lambda err: codes.append(err.code)))
        c.request("GET", "/").end()

    codes: list = []
    run(main)
    assert codes == ["ECONNREFUSED"]


@pytest.mark.parametrize("url,host", [
    ("http://example.com%60x.example.com", "example.com`x.example.com"),
    ("http://A%42c/", "abc"),
])
def test_a_percent_encoded_url_host_is_decoded_like_whatwg(url, host):
    got = []

    def main():
        req = http.request(url)
        got.append(req.get_header("host"))
        req.on("error", lambda err: None)
        req.destroy()

    run(main)
    assert got == [host]


def test_a_percent_encoded_forbidden_host_code_point_is_an_invalid_url():
    with pytest.raises(TypeError) as info:
        http.request("http://a%20b/")
    assert info.value.code == "ERR_INVALID_URL"
