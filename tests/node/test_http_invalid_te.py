# Port of Node v20 test/parallel/test-http-invalid-te.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH; Node
# v20.20 (the reference, llhttp 9) reports HPE_INVALID_TRANSFER_ENCODING for
# Content-Length with 'Transfer-Encoding: eee, chunked' (checked with node).
from nodekit import http, net

REQUEST_BB = """POST / HTTP/1.1
Content-Type: text/plain; charset=utf-8
Host: hacker.exploit.com
Connection: keep-alive
Content-Length: 10
Transfer-Encoding: eee, chunked

HELLOWORLDPOST / HTTP/1.1
Content-Type: text/plain; charset=utf-8
Host: hacker.exploit.com
Connection: keep-alive
Content-Length: 28

I AM A SMUGGLED REQUEST!!!
"""


def test_content_length_with_invalid_te_is_a_client_error(common):
    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            assert err.code == "HPE_INVALID_TRANSFER_ENCODING"
            socket.destroy()
            server.close()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("connect", common.must_call(
                lambda: client.end(REQUEST_BB.replace("\n", "\r\n"))))
            client.resume()

        common.listen(server, go)

    common.run(main)
