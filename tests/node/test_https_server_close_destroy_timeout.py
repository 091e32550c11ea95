# Port of Node v20 test/parallel/test-https-server-close-destroy-timeout.js.
# Deviations: Node checks the internal kConnectionsCheckingInterval timer's
# _destroyed flag before and after close(). The timer is not reachable here;
# the port checks what it does instead (as test_http_server_close_destroy_
# timeout.py does, over TLS): before close() a half-sent head is cut off with
# a 408 by headers_timeout; after close() the checks have stopped, so a
# half-sent head on a connection that close() leaves open gets nothing for
# 4 x the timeout. The agent1 certificate is made at run time.
from nodekit import https, set_timeout, tls
from tests.node._tls import agent1_options

HEADERS_TIMEOUT = 100
OPTIONS = agent1_options(headers_timeout=HEADERS_TIMEOUT, request_timeout=0,
                         connections_checking_interval=20)


def _connect(port, on_secure):
    return tls.connect({"host": "127.0.0.1", "port": port, "reject_unauthorized": False},
                       on_secure)


def test_the_checks_run_while_listening(common):
    def main():
        server = https.create_server(OPTIONS, common.must_not_call("request"))

        def go(port):
            got = []
            client = _connect(port, lambda: client.write("GET / HTTP/1.1\r\n"))
            client.on("data", got.append)

            def on_end():
                assert b"".join(got).startswith(b"HTTP/1.1 408 Request Timeout\r\n")
                server.close()

            client.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)


def test_close_stops_the_connection_checks(common):
    def main():
        server = https.create_server(OPTIONS, common.must_not_call("request"))

        def go(port):
            def close_then_wait():
                server.close(common.must_call())
                set_timeout(lambda: client.destroy(), HEADERS_TIMEOUT * 4)

            def on_secure():
                client.write("GET / HTTP/1.1\r\n")
                # Once the line reached the server (so the connection is not idle
                # and close() leaves it open), well before the headers timeout.
                set_timeout(close_then_wait, HEADERS_TIMEOUT // 4)

            client = _connect(port, on_secure)
            client.on("data", common.must_not_call("data after close()"))

        common.listen(server, go)

    common.run(main)
