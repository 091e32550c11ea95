# Port of Node v20 test/parallel/test-http-server-request-timeout-keepalive.js.
# Deviations: request_timeout is 500 ms and the checking interval 125 ms
# (Node: 5 s and 1.25 s); the delays are the same fractions of it as in Node.
from nodekit import http, net, set_timeout

REQUEST_TIMEOUT = 500


def _perform_request_with_delay(client, first_delay, second_delay, close_after):
    client.resume()
    client.write("GET / HTTP/1.1\r\nHost: example.com\r\n")
    set_timeout(lambda: client.write("Connection: "), first_delay).unref()
    set_timeout(lambda: client.write(f"{'close' if close_after else 'keep-alive'}\r\n\r\n"),
                first_delay + second_delay).unref()


def test_the_second_request_on_a_keep_alive_connection_times_out(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end()

        server = http.create_server({"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT,
                                     "keep_alive_timeout": 0,
                                     "connections_checking_interval": REQUEST_TIMEOUT // 4},
                                    common.must_call_at_least(handler))
        assert server.request_timeout == REQUEST_TIMEOUT
        server.keep_alive_timeout = 0

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
                        _perform_request_with_delay(client, REQUEST_TIMEOUT // 5,
                                                    REQUEST_TIMEOUT * 2, True)

                    set_timeout(later, REQUEST_TIMEOUT * 1.5).unref()

            client.on("data", common.must_call_at_least(on_data))

            def err_or_end(err=None):
                assert state["second"] is True
                assert state["response"] == \
                    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
                server.close()

            done = common.must_call(err_or_end)
            client.on("error", done)
            client.on("end", done)
            _perform_request_with_delay(client, REQUEST_TIMEOUT // 5, REQUEST_TIMEOUT // 5,
                                        False)

        common.listen(server, go)

    common.run(main)
