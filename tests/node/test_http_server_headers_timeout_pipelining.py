# Port of Node v20 test/parallel/test-http-server-headers-timeout-pipelining.js.
# Deviations: headers_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the second head comes after 1.5 x the timeout.
from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE

HEADERS_TIMEOUT = 200


def test_a_pipelined_head_left_unfinished_gets_a_408(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.request_timeout = 0
        server.keep_alive_timeout = 0

    pipelining_case(common, {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0},
                    HEADERS_TIMEOUT, HEADERS_TIMEOUT * 1.5, setup)


def pipelining_case(common, options, timeout, delay, setup):
    """Shared with the port of test-http-server-request-timeout-pipelining.js (the
    same file with requestTimeout): a pipelined second head is finished after
    ``delay``, too late: the first request gets its 200, the second a 408."""

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
                    state["response"] = ""
                    state["second"] = True

            client.on("data", common.must_call_at_least(on_data))

            def err_or_end(err=None):
                if not state["second"]:
                    return
                assert state["response"] == REQUEST_TIMEOUT_RESPONSE
                server.close()

            done = common.must_call(err_or_end)
            client.on("error", done)
            client.on("end", done)
            client.resume()
            client.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
                         "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: ")
            set_timeout(lambda: client.write("close\r\n\r\n"), delay).unref()

        common.listen(server, go)

    common.run(main)
