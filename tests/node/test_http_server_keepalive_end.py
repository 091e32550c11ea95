# Port of Node v20 test/parallel/test-http-server-keepalive-end.js.
# Deviations: Node checks req.socket.parser.incoming (internal: the parser
# lets go of the request a tick after 'end'); NodeKit's parser is not a
# public attribute, so the port checks the observable part: 'end' fires for
# a keep-alive POST with a Content-Length body whose client ends the
# connection, and the server (unref'd, as in the original) lets run() finish.
from nodekit import http, net


def test_request_end_fires_on_keep_alive_post(common):
    def main():
        def handler(req, res):
            req.on("end", common.must_call())
            res.end("hello world")

        server = http.create_server(common.must_call(handler))
        server.unref()

        def go(port):
            client = net.connect(port, common.HOST)
            client.end("\r\n".join([
                "POST / HTTP/1.1",
                f"Host: localhost:{port}",
                "Connection: keep-alive",
                "Content-Length: 11",
                "",
                "hello world",
                "",
            ]))
            client.resume()

        common.listen(server, go)

    common.run(main)
