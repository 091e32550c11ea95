# Port of Node v20 test/parallel/test-http-max-http-headers.js.
# Deviations: Node's MAX may come from process.argv (a flag); here it is
# http.max_header_size. Node logs the packets with console.log; the port does
# not. Node counts a head as llhttp does (the url, the names and the values,
# without separators); the test builds heads of exactly MAX (refused) and
# MAX - 1 (served) such bytes.
import pytest

from nodekit import http, net, runtime
from tests.node._common import at

MAX = http.max_header_size


def _fill(headers, current_size, valid=False):
    headers += "a" * (MAX - current_size)
    if valid:
        headers = headers[:-1]
    return headers + "\r\n\r\n"


def _write_headers(socket, headers):
    chunks = [headers[i:i + 100] for i in range(0, len(headers), 100)]
    assert "".join(chunks) == headers

    def next_chunk(*_):
        if socket.destroyed:
            return
        if chunks:
            socket.write(chunks.pop(0), next_chunk)
        else:
            socket.end()

    next_chunk()


def _finished(client, callback):
    done = [False]

    def once(*_):
        if not done[0]:
            done[0] = True
            runtime.set_immediate(callback)

    for event in ("abort", "error", "end"):
        client.on(event, once)


def test_a_response_head_of_max_bytes_overflows(common):
    headers = _fill("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-CRASH: ", 2 + 14 + 1 + 7)

    def main():
        def on_connection(sock):
            def on_data(_):
                _write_headers(sock, headers)
                sock.resume()

            sock.once("data", on_data)
            sock.on("error", lambda err: None)  # the socket might error, that's ok

        server = net.create_server(on_connection)

        def go(port):
            client = http.get(at(port), common.must_not_call())

            def on_error(err):
                assert err.code == "HPE_HEADER_OVERFLOW"
                server.close()

            client.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)


def _server_case(common, valid):
    current = 1 + 4 + 9 + 5 + 4 + 7  # /, Host, localhost, Agent, nod2, X-CRASH
    headers = _fill("GET / HTTP/1.1\r\nHost: localhost\r\nAgent: nod2\r\nX-CRASH: ", current,
                    valid)

    def main():
        if valid:
            def handler(req, res):
                res.end("hello from test3 server")
                server.close()

            server = http.create_server(common.must_call(handler))
            server.on("clientError", common.must_not_call())
        else:
            server = http.create_server(common.must_not_call())

            def on_client_error(err, sock):
                assert err.code == "HPE_HEADER_OVERFLOW"
                sock.destroy()

            server.once("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("connect", lambda: (_write_headers(client, headers), client.resume()))
            if not valid:
                _finished(client, common.must_call(lambda: server.close()))
            else:
                client.on("error", lambda err: None)

        common.listen(server, go)

    common.run(main)


def test_a_request_head_of_max_bytes_overflows(common):
    _server_case(common, valid=False)


@pytest.mark.parametrize("valid", [True], ids=["max - 1"])
def test_a_request_head_of_max_minus_one_bytes_is_served(valid, common):
    _server_case(common, valid)
