# Port of Node v20 test/parallel/test-http-outgoing-end-multiple.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_end_after_end_reports_already_finished_and_write_after_end(common):
    def on_write_after_end_error(err):
        assert err.code == "ERR_STREAM_WRITE_AFTER_END"

    write_after_end = common.must_call(on_write_after_end_error, 2)

    def main():
        def handler(req, res):
            res.end("testing ended state", common.must_call())
            assert res.writable_corked == 0

            def already_finished(err):
                assert err.code == "ERR_STREAM_ALREADY_FINISHED"

            res.end(common.must_call(already_finished))
            assert res.writable_corked == 0
            res.end("end", write_after_end)
            assert res.writable_corked == 0
            res.on("error", write_after_end)

            def on_finish():
                def finished_again(err):
                    assert err.code == "ERR_STREAM_ALREADY_FINISHED"
                    server.close()

                res.end(common.must_call(finished_again))

            res.on("finish", common.must_call(on_finish))

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.request(
            at(port, method="GET", path="/"), lambda res: res.resume()).end())

    common.run(main)
