# Port of Node v20 test/parallel/test-http-dump-req-when-res-ends.js.
# Deviations: Node pipes its own source file (fs.createReadStream(__filename));
# the port pipes this file's bytes through stream.Readable.from in 16 KiB
# chunks (NodeKit has no fs). Node first counts one 'data' listener on the
# server's socket (its parser's socketOnData); NodeKit's server reads the
# socket as its consumer, without a listener, so that count is left out.
from pathlib import Path

from nodekit import http
from nodekit.stream import Readable

SOURCE = Path(__file__).read_bytes()


def test_the_request_is_dumped_when_the_response_ends(common):
    def main():
        def handler(req, res):
            # A chunk of data is received before res.end().
            req.socket.once("data", common.must_call(lambda *_: res.end("hello world")))

            def on_resume(*_):
                # Dumping removed the 'data' listener.
                assert req.listener_count("data") == 0
                req.on("data", common.must_call())

            # res.end() triggers the resume that dumps the request.
            req.on("resume", common.must_call(on_resume))
            # Paused explicitly, so that the 'data' listener does not resume it.
            req.pause()
            req.on("data", lambda *_: None)
            res.flush_headers()

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request({"method": "POST", "host": "127.0.0.1", "port": port})
            req.flush_headers()  # the request goes out without waiting for the body

            def on_response(res):
                chunks = [SOURCE[i:i + 16384] for i in range(0, len(SOURCE), 16384)]
                Readable.from_(chunks).pipe(req)
                res.resume()
                # 'close' is always emitted ('end' may not be when the server
                # destroys the socket while data is still being sent).
                res.on("close", lambda *_: server.close())

            req.on("response", common.must_call(on_response))
            # An error may come from the data still being sent: ignored.
            req.on("error", lambda *_: None)

        common.listen(server, go)

    common.run(main, timeout=3)
