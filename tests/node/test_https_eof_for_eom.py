# Port of Node v20 test/parallel/test-https-eof-for-eom.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py);
# the client connects to 127.0.0.1; Node's console.log progress lines are
# left out.
from nodekit import https, set_timeout, tls
from tests.node._common import at
from tests.node._tls import agent1_options

HEAD = ("HTTP/1.1 200 OK\r\n"
        "Date: Tue, 15 Feb 2011 22:14:54 GMT\r\n"
        "Expires: -1\r\n"
        "Cache-Control: private, max-age=0\r\n"
        "Set-Cookie: xyz\r\n"
        "Set-Cookie: abc\r\n"
        "Server: gws\r\n"
        "X-XSS-Protection: 1; mode=block\r\n"
        "Connection: close\r\n"
        "\r\n")


def test_a_response_ended_by_eof_over_tls(common):
    def main():
        def on_secure(socket):
            socket.write(HEAD)
            socket.write("hello world\n")
            set_timeout(lambda: socket.end("hello world\n"), 100)

        server = tls.Server(agent1_options(), on_secure)

        def on_response(res):
            body = []
            server.close()
            assert res.headers["server"] == "gws"
            res.set_encoding("utf8")
            res.on("data", body.append)

            def on_end():
                assert "".join(body) == "hello world\nhello world\n"

            res.on("end", common.must_call(on_end))

        common.listen(server, lambda port: https.get(at(port, reject_unauthorized=False),
                                                     common.must_call(on_response)))

    common.run(main)
