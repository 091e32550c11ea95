# Port of Node v20 test/parallel/test-http-server-destroy-socket-on-client-error.js.
# Deviations: Node's bytesParsed/rawPacket are bytes_parsed/raw_packet.
from nodekit import http, net


def test_parse_error_reaches_the_socket_and_the_client_gets_a_400(common):
    def main():
        server = http.create_server()

        def check(err):
            assert err.args[0] == "Parse Error: Invalid method encountered"  # (str() adds the code)
            assert err.code == "HPE_INVALID_METHOD"
            assert err.bytes_parsed == 1
            assert bytes(err.raw_packet) == b"FOO /\r\n"

        server.on("connection", common.must_call(
            lambda socket: socket.on("error", common.must_call(check))))

        def go(port):
            chunks = []
            socket = net.create_connection({"allow_half_open": True, "port": port,
                                            "host": common.HOST})
            socket.on("connect", common.must_call(lambda: socket.write("FOO /\r\n")))
            socket.on("data", chunks.append)

            def on_end():
                assert b"".join(chunks) == b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                server.close()
                socket.end()

            socket.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
