# Port of Node v20 test/parallel/test-http-server-reject-cr-no-lf.js.
# Deviations: none.
from nodekit import http, net


def test_bare_cr_in_header_block_is_lf_expected(common):
    s = ("GET / HTTP/1.1\r\n"
         "Dummy: Header\r"
         "Content-Length: 1\r\n"
         "\r\n")

    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            assert str(err).startswith("Parse Error")
            assert err.code == "HPE_LF_EXPECTED"
            server.close()
            socket.destroy()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)

            def on_connect():
                client.on("data", common.must_not_call())
                client.on("end", common.must_call(lambda: server.close()))
                client.write(s)
                client.end()

            client.on("connect", common.must_call(on_connect))

        common.listen(server, go)

    common.run(main)
