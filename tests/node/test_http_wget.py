# Port of Node v20 test/parallel/test-http-wget.js.
# Deviations: none.
from nodekit import http, net


def test_http_1_0_keep_alive_request_gets_the_body_then_the_end(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("hello ")
            res.write("world\n")
            res.end()

        server = http.create_server(handler)
        server.listen(0, common.HOST)

        def on_listening():
            c = net.create_connection(server.address()["port"], common.HOST)
            response = []
            c.set_encoding("utf8")
            c.on("connect", lambda: c.write("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"))
            c.on("data", response.append)

            def on_end():
                m = "".join(response).split("\r\n\r\n")
                assert m[1] == "hello world\n"
                c.end()

            c.on("end", common.must_call(on_end))
            c.on("close", common.must_call(lambda *_: server.close()))

        server.on("listening", common.must_call(on_listening))

    common.run(main)
