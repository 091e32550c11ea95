# Port of Node v20 test/parallel/test-http-client-res-destroyed.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_destroy_in_response_callback(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("asd")))

        def go(port):
            def on_response(res):
                assert res.destroyed is False
                res.destroy()
                assert res.destroyed is True
                res.on("close", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_destroyed_after_close_when_consumed(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("asd")))

        def go(port):
            def on_response(res):
                assert res.destroyed is False

                def on_close():
                    assert res.destroyed is True
                    server.close()

                res.on("close", common.must_call(on_close)).resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
