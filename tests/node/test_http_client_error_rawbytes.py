# Port of Node v20 test/parallel/test-http-client-error-rawbytes.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH with
# "Content-Length can't be present with Transfer-Encoding"; Node v20.20 (the
# reference) reports HPE_INVALID_TRANSFER_ENCODING, "Transfer-Encoding can't be
# present with Content-Length", bytes_parsed 54 (checked with node). Node's
# err.bytesParsed/reason/rawPacket are bytes_parsed/reason/raw_packet.

from nodekit import http, net

RESPONSE = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Length: 6\r\n"
            b"Transfer-Encoding: Chunked\r\n"
            b"\r\n"
            b"6\r\nfoobar"
            b"0\r\n")


def test_client_parse_error_carries_reason_and_raw_packet(common):
    def main():
        server = net.create_server(common.must_call(lambda conn: conn.write(RESPONSE)))

        def go(port):
            req = http.get(f"http://127.0.0.1:{port}/")
            req.end()

            def on_error(err):
                reason = "Transfer-Encoding can't be present with Content-Length"
                assert err.args[0] == f"Parse Error: {reason}"  # (str() adds the code)
                assert err.code == "HPE_INVALID_TRANSFER_ENCODING"
                assert RESPONSE.index(b"Transfer-Encoding") <= err.bytes_parsed < len(RESPONSE)
                assert err.reason == reason
                assert err.raw_packet == RESPONSE
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)
