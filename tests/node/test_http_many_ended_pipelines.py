# Port of Node v20 test/parallel/test-http-many-ended-pipelines.js.
# Deviations: the client's data is consumed instead of piped to stdout;
# Node's process 'warning' check has no NodeKit counterpart.
from nodekit import http, net

N = 20


def test_destroying_the_socket_with_many_requests_pipelined(common):
    def main():
        first = [True]

        def handler(req, res):
            if first[0]:
                first[0] = False
                req.socket.on("close", lambda *a: server.close())
            res.end("ok")
            req.socket.destroy()

        server = http.create_server(common.must_call_at_least(handler))

        def go(port):
            client = net.connect({"port": port, "host": common.HOST, "allow_half_open": True})
            client.on("error", lambda err: _eq(err.code, "ECONNRESET"))
            for _ in range(N):
                client.write("GET / HTTP/1.1\r\nHost: some.host.name\r\n\r\n\r\n")
            client.end()
            client.resume()

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
