# Port of Node v20 test/parallel/test-http-upgrade-server2.js.
# Deviations: the original's Upgrade request has no Host header. Node v20
# emits 'upgrade' for it (and the listener's throw becomes uncaught); NodeKit
# answers any HTTP/1.1 request without Host with a 400 (README: stricter
# Host rules, RFC 9112 §3.2: "MUST respond with a 400"), Upgrade included.
# The port asserts that contract: a 400 with Connection: close, no
# 'upgrade', no 'request', nothing uncaught. Node's throwing 'upgrade'
# listener is covered with a Host header in the second test, whose
# uncaughtException listener closes what Node's process.exit(0) would.
from nodekit import http, net, process


def _client(common, port, request, on_end):
    c = net.create_connection(port, common.HOST)
    data = []
    c.on("connect", lambda: c.write(request))
    c.on("data", data.append)
    c.on("end", common.must_call(lambda: on_end(b"".join(data), c)))
    return c


def test_upgrade_without_host_is_a_400(common):
    def main():
        server = http.create_server(common.must_not_call("request"))
        server.on("upgrade", common.must_not_call("upgrade"))

        def on_end(data, c):
            assert data.startswith(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n")
            c.end()
            server.close()

        common.listen(server, lambda port: _client(
            common, port, "GET /blah HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
            "\r\n\r\nhello world", on_end))

    common.run(main)


def test_error_thrown_in_upgrade_listener_is_uncaught(common):
    box = {}

    def on_uncaught(e, *origin):
        assert str(e) == "upgrade error"
        box["server"].close()
        box["client"].destroy()
        box["socket"].destroy()

    listener = common.must_call(on_uncaught)

    def main():
        process.on("uncaughtException", listener)

        def on_upgrade(req, socket, head):
            box["socket"] = socket
            raise Exception("upgrade error")

        server = http.create_server(common.must_not_call("request"))
        server.on("upgrade", on_upgrade)
        box["server"] = server

        def go(port):
            c = net.create_connection(port, common.HOST)
            box["client"] = c
            c.on("connect", lambda: c.write("GET /blah HTTP/1.1\r\nHost: x\r\n"
                                            "Upgrade: WebSocket\r\n"
                                            "Connection: Upgrade\r\n"
                                            "\r\n\r\nhello world"))

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", listener)
