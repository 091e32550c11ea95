# Port of Node v20 test/parallel/test-http-pause-resume-one-end.js.
# Deviations: none.
from nodekit import http, set_immediate
from tests.node._common import at


def test_pause_and_resume_in_data_gives_one_end(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("Hello World\n")
            server.close()

        server = http.Server(handler)

        def go(port):
            def on_response(res):
                def on_data(chunk):
                    res.pause()
                    set_immediate(lambda: res.resume())

                def on_end():
                    assert res.destroyed is False

                def on_close():
                    assert res.destroyed is True

                res.on("data", common.must_call(on_data))
                res.on("end", common.must_call(on_end))
                assert res.destroyed is False
                res.on("close", common.must_call(on_close))

            http.get(at(port, headers={"connection": "close"}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
