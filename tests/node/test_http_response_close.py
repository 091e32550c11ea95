# Port of Node v20 test/parallel/test-http-response-close.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_destroy_in_data_then_close(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.write("a")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("data", common.must_call(lambda chunk: res.destroy()))
                assert res.destroyed is False

                def on_close():
                    assert res.destroyed is True
                    server.close()

                res.on("close", common.must_call(on_close))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_destroyed_only_after_end(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("a")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.destroyed is False
                res.on("end", common.must_call(lambda: _is(res.destroyed, False)))

                def on_close():
                    assert res.destroyed is True
                    server.close()

                res.on("close", common.must_call(on_close))
                res.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_server_destroying_the_response_is_a_client_error(common):
    def main():
        def handler(req, res):
            res.on("close", common.must_call())
            res.destroy()

        server = http.create_server(common.must_call(handler))

        def go(port):
            http.get(at(port), common.must_not_call()).on(
                "error", common.must_call(lambda err: server.close()))

        common.listen(server, go)

    common.run(main)


def _is(a, b):
    assert a is b
