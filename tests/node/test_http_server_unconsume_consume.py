# Port of Node v20 test/parallel/test-http-server-unconsume-consume.js.
# Deviations: Node's CONNECT request has no Host header; NodeKit's client adds
# one ("127.0.0.1:port"), as Node's does for every request.
from nodekit import http
from tests.node._common import at


def test_re_emitting_connection_for_a_connect_socket_does_not_crash(common):
    def main():
        test_server = http.create_server(common.must_not_call("request"))

        def on_connect(req, socket, head):
            socket.write("HTTP/1.1 200 Connection Established\r\n"
                         "Proxy-agent: Node-Proxy\r\n"
                         "\r\n")
            # This shouldn't raise (Node: an assertion in StreamBase::Consume).
            test_server.emit("connection", socket)
            test_server.close()

        test_server.on("connect", common.must_call(on_connect))

        def go(port):
            req = http.request(at(port, method="CONNECT"), lambda res: None)
            req.on("connect", lambda res, socket, head: socket.destroy())
            req.end()

        common.listen(test_server, go)

    common.run(main)
