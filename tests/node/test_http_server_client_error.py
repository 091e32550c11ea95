# Port of Node v20 test/parallel/test-http-server-client-error.js.
# Deviations: Node's err.bytesParsed/rawPacket are bytes_parsed/raw_packet.
from nodekit import http, net
from tests.node._common import at


def test_client_error_carries_bytes_parsed_and_raw_packet(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end()))

        def on_client_error(err, socket):
            assert isinstance(err, Exception)
            assert err.code == "HPE_INVALID_METHOD"
            assert err.args[0] == "Parse Error: Invalid method encountered"  # (str() adds the code)
            assert err.bytes_parsed == 1
            assert bytes(err.raw_packet) == b"Oopsie-doopsie\r\n"
            socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")
            server.close()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            def after():
                client = net.connect(port, common.HOST)
                client.end("Oopsie-doopsie\r\n")
                chunks = []
                client.on("data", chunks.append)
                client.once("end", common.must_call(
                    lambda: _eq(b"".join(chunks), b"HTTP/1.1 400 Bad Request\r\n\r\n")))

            def on_response(res):
                assert res.status_code == 200
                res.resume()
                res.once("end", after)

            http.get(at(port, path="/"), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
