# Port of Node v20 test/parallel/test-http-extra-response.js.
# Deviations: none (the console.log lines are left out).
from nodekit import http, net
from tests.node._common import HOST

BODY = "hello world\r\n"
FULL_RESPONSE = ("HTTP/1.1 500 Internal Server Error\r\n"
                 f"Content-Length: {len(BODY)}\r\n"
                 "Content-Type: text/plain\r\n"
                 "Date: Fri + 18 Feb 2011 06:22:45 GMT\r\n"
                 "Host: 10.20.149.2\r\n"
                 "Access-Control-Allow-Credentials: true\r\n"
                 "Server: badly broken/0.1 (OS NAME)\r\n"
                 "\r\n" + BODY)


def test_a_second_response_after_the_first_is_ignored(common):
    def main():
        def on_connection(socket):
            post_body = [""]
            socket.set_encoding("utf8")

            def on_data(chunk):
                post_body[0] += chunk
                if "\r\n" in post_body[0]:
                    socket.write(FULL_RESPONSE)
                    socket.end(FULL_RESPONSE)

            def on_error(err):
                assert err.code == "ECONNRESET"

            socket.on("data", on_data)
            socket.on("error", on_error)

        server = net.create_server(on_connection)

        def go(port):
            def on_response(res):
                buffer = [""]
                res.set_encoding("utf8")

                def on_data(chunk):
                    buffer[0] += chunk

                def on_end(*_):
                    assert buffer[0] == BODY
                    server.close()

                res.on("data", on_data)
                res.on("end", common.must_call(on_end))

            http.get({"host": HOST, "port": port}, common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
