# Port of Node v20 test/parallel/test-http-outgoing-finished.js.
# Deviations: none.
from nodekit import http, stream
from tests.node._common import at


def test_finished_on_a_response_after_close(common):
    def main():
        def handler(req, res):
            closed = []

            def on_close():
                closed.append(True)
                stream.finished(res, common.must_call(lambda *a: server.close()))

            res.on("close", common.must_call(on_close)).end()

            def on_finished(*a):
                assert closed == [True]

            stream.finished(res, common.must_call(on_finished))

        server = http.create_server(handler)
        common.listen(server, lambda port: http.request(at(port, method="GET")).on(
            "response", lambda res: res.resume()).end())

    common.run(main)
