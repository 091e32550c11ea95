# Port of Node v20 test/parallel/test-http-unix-socket.js.
# Deviations: common.PIPE is a unix socket path in a fresh temporary directory.
import os
import tempfile

from nodekit import http


def test_request_over_a_unix_socket_then_close_twice(common):
    pipe = os.path.join(tempfile.mkdtemp(), "node.sock")

    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain", "Connection": "close"})
            res.write("hello ")
            res.write("world\n")
            res.end()

        server = http.create_server(handler)

        def on_listening():
            def on_response(res):
                assert res.status_code == 200
                assert res.headers["content-type"] == "text/plain"
                body = []
                res.set_encoding("utf8")
                res.on("data", body.append)

                def on_closed(error=None):
                    assert error is None
                    server.close(common.expects_error(code="ERR_SERVER_NOT_RUNNING",
                                                      message="Server is not running."))

                def on_end():
                    assert "".join(body) == "hello world\n"
                    server.close(common.must_call(on_closed))

                res.on("end", common.must_call(on_end))

            req = http.get({"socket_path": pipe, "path": "/"}, common.must_call(on_response))
            req.on("error", common.must_not_call())
            req.end()

        server.listen(pipe, common.must_call(on_listening))

    common.run(main)
