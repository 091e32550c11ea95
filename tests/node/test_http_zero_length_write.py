# Port of Node v20 test/parallel/test-http-zero-length-write.js.
# Deviations: Node's legacy Stream with pause/resume replaced is a
# stream.Stream subclass overriding pause()/resume(); the process 'exit'
# checks run after the loop went idle.
from nodekit import clear_interval, http, set_interval, stream
from tests.node._common import at

EXPECT = "asdffoobar"


class _Source(stream.Stream):
    def __init__(self):
        super().__init__()
        self.paused = False
        chunks = ["", "asdf", "", "foo", "", "bar", ""]

        def tick():
            if self.paused:
                return
            if chunks:
                self.emit("data", chunks.pop(0))
            else:
                self.emit("end")
                clear_interval(self.interval)

        self.interval = set_interval(tick, 1)

    def pause(self):
        self.paused = True

    def resume(self):
        self.paused = False


def test_empty_writes_between_chunks_both_ways(common):
    got = {"server": [], "client": []}

    def main():
        def handler(req, res):
            req.set_encoding("utf8")
            req.on("data", got["server"].append)

            def on_end():
                assert "".join(got["server"]) == EXPECT
                _Source().pipe(res)

            req.on("end", common.must_call(on_end))
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, method="POST"))

            def on_response(res):
                res.set_encoding("utf8")
                res.on("data", got["client"].append)
                res.on("end", common.must_call(
                    lambda: _eq("".join(got["client"]), EXPECT)))

            req.on("response", common.must_call(on_response))
            _Source().pipe(req)

        common.listen(server, go)

    common.run(main)
    assert "".join(got["server"]) == EXPECT
    assert "".join(got["client"]) == EXPECT


def _eq(a, b):
    assert a == b
