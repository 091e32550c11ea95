# Port of Node v20 test/parallel/test-http-server-headers-timeout-keepalive.js.
# Deviations: headers_timeout is 1 s and the checking interval 250 ms
# (Node: 5 s and 1.25 s); the delays are the same fractions of it as in Node.
from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE

HEADERS_TIMEOUT = 1000


def _perform_request_with_delay(client, first_delay, second_delay, close_after):
    client.resume()
    client.write("GET / HTTP/1.1\r\nHost: example.com\r\n")
    set_timeout(lambda: client.write("Connection: "), first_delay).unref()
    set_timeout(lambda: client.write(f"{'close' if close_after else 'keep-alive'}\r\n\r\n"),
                first_delay + second_delay).unref()


def test_the_second_request_on_a_keep_alive_connection_times_out(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.once("timeout", common.must_not_call("timeout"))

    keep_alive_case(common, {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0},
                    HEADERS_TIMEOUT, HEADERS_TIMEOUT, setup)


def keep_alive_case(common, options, timeout, second_delay, setup):
    """Shared with the port of test-http-server-request-timeout-keepalive.js (the
    same file with requestTimeout): a prompt first request, then a second whose
    head is left unfinished for ``second_delay`` gets a 408."""

    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end()

        server = http.create_server({**options, "keep_alive_timeout": 0,
                                     "connections_checking_interval": timeout // 4},
                                    common.must_call_at_least(handler))
        setup(server)

        def go(port):
            client = net.connect(port, common.HOST)
            state = {"second": False, "response": ""}
            client.set_encoding("utf8")

            def on_data(chunk):
                state["response"] += chunk
                if not state["second"] and state["response"].endswith("\r\n\r\n"):
                    assert state["response"].split("\r\n")[0] == "HTTP/1.1 200 OK"

                    def later():
                        state["response"] = ""
                        state["second"] = True
                        _perform_request_with_delay(client, timeout // 5, second_delay, True)

                    set_timeout(later, timeout * 1.5).unref()

            client.on("data", common.must_call_at_least(on_data))

            def err_or_end(err=None):
                assert state["second"] is True
                assert state["response"] == REQUEST_TIMEOUT_RESPONSE
                server.close()

            done = common.must_call(err_or_end)
            client.on("error", done)
            client.on("end", done)
            _perform_request_with_delay(client, timeout // 5, timeout // 5, False)

        common.listen(server, go)

    common.run(main)
