# Port of Node v20 test/parallel/test-http-pipe-fs.js.
# Deviations: NodeKit has no fs module: fs.createWriteStream(file) is a
# stream.Writable that writes the file with open()/write() (it emits 'close'
# after 'finish', as an fs.WriteStream does). The global agent's max_sockets
# is restored after the test (the process ends in Node).
from nodekit import http, stream
from tests.node._common import at

NUMBER_OF_STREAMS = 2


def _file_writer(path):
    handle = open(path, "wb")  # noqa: SIM115 - closed by the stream's destroy

    def write(chunk, encoding, callback):
        handle.write(bytes(chunk))
        callback()

    def destroy(err, callback):
        handle.close()
        callback(err)

    return stream.Writable({"write": write, "destroy": destroy})


def test_request_bodies_piped_to_a_file_one_socket(common, tmp_path):
    file = tmp_path / "http-pipe-fs-test.txt"
    saved = http.global_agent.max_sockets

    def main():
        left = [NUMBER_OF_STREAMS]

        def handler(req, res):
            out = _file_writer(file)
            req.pipe(out)

            def on_close():
                res.write_head(200)
                res.end()

            out.on("close", on_close)

        server = http.create_server(common.must_call(handler, NUMBER_OF_STREAMS))

        def go(port):
            http.global_agent.max_sockets = 1
            for _ in range(NUMBER_OF_STREAMS):
                def on_response(res):
                    def on_end():
                        left[0] -= 1
                        if left[0] == 0:
                            server.close()

                    res.on("end", common.must_call(on_end))
                    res.resume()

                req = http.request(at(port, method="POST", headers={"Content-Length": 5}),
                                   common.must_call(on_response))
                req.on("socket", common.must_call())
                req.end("12345")

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        http.global_agent.max_sockets = saved
    assert file.read_bytes() == b"12345"
