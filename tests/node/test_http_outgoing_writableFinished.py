# Port of Node v20 test/parallel/test-http-outgoing-writableFinished.js.
# Deviations: none (writableFinished is writable_finished).
from nodekit import http
from tests.node._common import at


def test_writable_finished_turns_true_at_finish(common):
    def main():
        def handler(req, res):
            assert res.writable_finished is False

            def on_finish():
                assert res.writable_finished is True
                server.close()

            res.on("finish", common.must_call(on_finish)).end()

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, method="GET", path="/"), lambda res: res.resume())
            assert req.writable_finished is False

            def on_finish():
                assert req.writable_finished is True

            req.on("finish", common.must_call(on_finish)).end()
            assert req.writable_finished is False

        common.listen(server, go)

    common.run(main)
