# Port of Node v20 test/parallel/test-http-get-pipeline-problem.js.
# Deviations: Node serves its fixture person.jpg and writes each response to
# a file (fs.createWriteStream), then checks the sizes; NodeKit has no fs, so
# the port serves 45 KiB of random bytes and pipes each response into a
# Writable that keeps it, then checks every copy is whole. The global
# agent's max_sockets is restored afterwards (Node's process ends there).
import os

from nodekit import http, set_timeout
from nodekit.stream import Writable

TOTAL = 10
IMAGE = os.urandom(45 * 1024)


def test_ten_close_delimited_gets_through_one_socket(common):
    saved = http.global_agent.max_sockets
    http.global_agent.max_sockets = 1
    files = {}

    def main():
        def handler(req, res):
            def answer():
                res.write_head(200, {"content-type": "image/jpeg", "connection": "close",
                                     "content-length": len(IMAGE)})
                res.end(IMAGE)

            set_timeout(answer, 1)

        server = http.Server(handler)
        left = [TOTAL]
        all_done = common.must_call(server.close)

        def get(x, port):
            def on_response(res):
                chunks = files[x] = []
                s = Writable(write=lambda chunk, enc, cb: (chunks.append(bytes(chunk)), cb()))
                res.pipe(s)

                def on_finish(*_):
                    left[0] -= 1
                    if left[0] == 0:
                        all_done()

                s.on("finish", on_finish)

            def on_error(e):
                raise e

            http.get({"host": "127.0.0.1", "port": port, "headers": {"connection": "close"}},
                     on_response).on("error", on_error)

        def go(port):
            for i in range(TOTAL):
                get(i, port)

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        http.global_agent.max_sockets = saved
    assert sorted(files) == list(range(TOTAL))
    for x in range(TOTAL):
        assert b"".join(files[x]) == IMAGE, f"size doesn't match on {x}"
