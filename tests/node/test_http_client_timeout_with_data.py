# Port of Node v20 test/parallel/test-http-client-timeout-with-data.js.
# Deviations: none (the request's 50 ms timeout fires between the two
# chunks; the server's 'timeout' is emitted by hand, as in Node).
from nodekit import http


def test_timeout_between_two_chunks_of_a_response(common):
    def main():
        nchunks = [0]

        def handler(req, res):
            res.write_head(200, {"Content-Length": "2"})
            res.write("*")
            server.once("timeout", common.must_call(lambda *a: res.end("*")))

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                def on_timeout():
                    assert nchunks[0] == 1
                    server.emit("timeout")

                req.set_timeout(50, common.must_call(on_timeout))

                def on_data(data):
                    assert bytes(data) == b"*"
                    nchunks[0] += 1

                res.on("data", common.must_call(on_data, 2))

                def on_end():
                    assert nchunks[0] == 2
                    server.close()

                res.on("end", common.must_call(on_end))

            req = http.request({"method": "GET", "host": common.HOST, "port": port, "path": "/"},
                               on_response)
            req.end()

        common.listen(server, go)

    common.run(main)
