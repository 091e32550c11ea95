# Port of Node v20 test/parallel/test-http-server-write-after-end.js.
# Deviations: none.
from nodekit import http, set_immediate
from tests.node._common import assert_error, at


def test_write_after_end_calls_back_with_write_after_end(common):
    def main():
        def handle(req, res):
            res.on("error", common.must_not_call())
            res.write("hello")
            res.end()

            def later():
                def on_written(err):
                    assert_error(err, code="ERR_STREAM_WRITE_AFTER_END")
                    server.close()

                res.write("world", common.must_call(on_written))

            set_immediate(common.must_call(later))

        server = http.create_server(handle)
        common.listen(server, lambda port: http.get(at(port), lambda res: res.resume()))

    common.run(main)
