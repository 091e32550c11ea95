# Port of Node v20 test/parallel/test-http-req-close-robust-from-tampering.js.
# Deviations: Node's req.client._events.close (the socket's 'close'
# listeners) is req.socket.listeners('close'); each is called with the
# request as ``this`` in Node, here as a plain call (Python has no ``this``).
from nodekit import http, net


def test_calling_the_socket_close_listeners_early_does_not_crash(common):
    def main():
        def handler(req, res):
            for fn in req.socket.listeners("close"):
                fn()

        server = http.create_server(common.must_call(handler))
        server.unref()

        def go(port):
            client = net.connect(port, common.HOST)
            client.end("\r\n".join(["POST / HTTP/1.1", "Host: example.com",
                                    "Content-Length: 11", "", "hello world"]))
            client.on("error", lambda err: None)

        common.listen(server, go)

    common.run(main)
