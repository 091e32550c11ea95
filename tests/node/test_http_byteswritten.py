# Port of Node v20 test/parallel/test-http-byteswritten.js.
# Deviations: 256 rounds of the three writes (Node: 1024).
from nodekit import http
from tests.node._common import at


def test_bytes_written_grows_while_writing(common):
    def main():
        def handler(req, res):
            server.close()

            def on_finish():
                assert isinstance(req.connection.bytes_written, int)
                assert req.connection.bytes_written > 0

            res.on("finish", common.must_call(on_finish))
            res.write_head(200, {"Content-Type": "text/plain"})
            chunk = "7" * 1024
            bchunk = chunk.encode()
            for _ in range(256):
                res.write(chunk)
                res.write(bchunk)
                res.write(chunk, "hex")
            assert res.connection.bytes_written > 0
            res.end("hello world\n")

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.get(at(port), lambda res: res.resume()))

    common.run(main)
