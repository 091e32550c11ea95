# Port of Node v20 test/parallel/test-http-server-request-timeouts-mixed.js.
# Deviations: headers_timeout is 1 s (Node: 2 s); request_timeout, the
# checking interval and every delay are the same multiples of it as in Node.
from nodekit import http, net, set_timeout

REQUEST_BODY_PART1 = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20\r\n"
REQUEST_BODY_PART2 = "Connection: close\r\n\r\n1234567890"
REQUEST_BODY_PART3 = "1234567890"
RESPONSE_OK = "HTTP/1.1 200 OK\r\n"
RESPONSE_TIMEOUT = "HTTP/1.1 408 Request Timeout\r\n"
HEADERS_TIMEOUT = 1000
CHECKING_INTERVAL = HEADERS_TIMEOUT // 8


def test_headers_and_request_timeouts_on_five_connections(common):
    def main():
        def handler(req, res):
            req.resume()

            def on_end():
                res.write_head(200, {"Content-Type": "text/plain"})
                res.end()

            req.on("end", on_end)

        server = http.create_server({"headers_timeout": HEADERS_TIMEOUT,
                                     "request_timeout": HEADERS_TIMEOUT * 2,
                                     "keep_alive_timeout": 0,
                                     "connections_checking_interval": CHECKING_INTERVAL},
                                    common.must_call(handler, 4))
        assert server.headers_timeout == HEADERS_TIMEOUT
        assert server.request_timeout == HEADERS_TIMEOUT * 2
        requests = {}

        def create_client(port, name):
            request = {"client": net.connect(port, common.HOST), "response": "",
                       "completed": False}
            client = request["client"]
            client.set_encoding("utf8")

            def on_data(chunk):
                request["response"] += chunk

            def on_end():
                request["completed"] = True

            client.on("data", common.must_call_at_least(on_data))
            client.on("end", common.must_call(on_end))
            client.on("error", common.must_not_call(f"{name} error"))
            client.resume()
            requests[name] = request
            return request

        def go(port):
            create_client(port, "r1")["client"].write(REQUEST_BODY_PART1)

            def second():
                for name in ("r2", "r3"):
                    create_client(port, name)["client"].write(REQUEST_BODY_PART1)

            def fourth():
                for name in ("r4", "r5"):
                    create_client(port, name)["client"].write(REQUEST_BODY_PART1)

            def rest():
                requests["r1"]["client"].write(REQUEST_BODY_PART2 + REQUEST_BODY_PART3)
                for name in ("r3", "r4", "r5"):
                    requests[name]["client"].write(REQUEST_BODY_PART2)

            def check1():
                r = requests
                assert r["r1"]["completed"] and r["r2"]["completed"]
                assert not (r["r3"]["completed"] or r["r4"]["completed"]
                            or r["r5"]["completed"])
                assert r["r1"]["response"].startswith(RESPONSE_OK)
                # It is expired due to headers_timeout.
                assert r["r2"]["response"].startswith(RESPONSE_TIMEOUT)

            def check2():
                r = requests
                assert r["r3"]["completed"] and r["r4"]["completed"] and r["r5"]["completed"]
                # r3 and r5 are expired due to request_timeout.
                assert r["r3"]["response"].startswith(RESPONSE_TIMEOUT)
                assert r["r4"]["response"].startswith(RESPONSE_OK)
                assert r["r5"]["response"].startswith(RESPONSE_TIMEOUT)
                server.close()

            set_timeout(second, HEADERS_TIMEOUT * 0.2)
            set_timeout(fourth, HEADERS_TIMEOUT * 0.6)
            set_timeout(rest, HEADERS_TIMEOUT * 0.8)
            set_timeout(common.must_call(check1), HEADERS_TIMEOUT * 1.4)
            set_timeout(lambda: requests["r4"]["client"].write(REQUEST_BODY_PART3),
                        HEADERS_TIMEOUT * 1.5)
            set_timeout(common.must_call(check2), HEADERS_TIMEOUT * 3 + CHECKING_INTERVAL)

        common.listen(server, go)

    common.run(main)
