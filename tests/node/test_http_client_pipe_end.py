# Port of Node v20 test/parallel/test-http-client-pipe-end.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory.
import os
import tempfile

from nodekit import http, set_immediate


def test_end_five_immediates_after_the_body_over_a_unix_socket(common):
    pipe = os.path.join(tempfile.mkdtemp(), "node.sock")

    def main():
        def handler(req, res):
            req.resume()

            def on_end():
                res.write_head(200)
                res.end()
                server.close()

            req.once("end", on_end)

        server = http.create_server(common.must_call(handler))

        def sched(cb, ticks):
            left = [ticks]

            def fn():
                left[0] -= 1
                if left[0]:
                    set_immediate(fn)
                else:
                    cb()

            set_immediate(fn)

        def on_listening():
            req = http.request({"socket_path": pipe, "headers": {"Content-Length": "1"},
                                "method": "POST", "path": "/"},
                               common.must_call(lambda res: res.resume()))
            req.write(".")
            sched(lambda: req.end(), 5)

        server.listen(pipe, common.must_call(on_listening))

    common.run(main)
