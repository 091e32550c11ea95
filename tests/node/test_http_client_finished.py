# Port of Node v20 test/parallel/test-http-client-finished.js.
# Deviations: none.
from nodekit import http, stream
from tests.node._common import at


def test_finished_calls_back_when_response_is_destroyed(common):
    def main():
        server = http.create_server(lambda req, res: res.write("asd"))

        def go(port):
            def on_response(res):
                res.on("readable", lambda: res.destroy())
                stream.finished(res, common.must_call(lambda *a: server.close()))

            http.request(at(port)).on("response", on_response).end()

        common.listen(server, go)

    common.run(main)
