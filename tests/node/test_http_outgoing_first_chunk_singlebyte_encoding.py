# Port of Node v20 test/parallel/test-http-outgoing-first-chunk-singlebyte-encoding.js.
# Deviations: none; the body must be encoded with the write's encoding even
# though it travels with the header block.
import pytest

from nodekit import http, net

PY = {"utf8": "utf-8", "utf16le": "utf-16-le", "latin1": "latin-1", "UTF-8": "utf-8"}


@pytest.mark.parametrize("enc", ["utf8", "utf16le", "latin1", "UTF-8"])
def test_first_chunk_is_encoded_with_its_encoding(enc, common):
    def main():
        def handler(req, res):
            res.set_header("content-type", f"text/plain; charset={enc}")
            res.write("helloworld", enc)
            res.end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            buffers = []
            socket = net.connect(port, common.HOST)
            socket.write("GET / HTTP/1.0\r\n\r\n")
            socket.on("data", buffers.append)

            def on_end():
                received = b"".join(buffers)
                header_end = received.find(b"\r\n\r\n")
                assert header_end != -1
                header = received[:header_end].decode().split("\r\n")
                body = received[header_end + 4:].decode(PY[enc])
                assert header[0] == "HTTP/1.1 200 OK"
                assert header[1] == f"content-type: text/plain; charset={enc}"
                assert body == "helloworld"
                server.close()

            socket.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
