# Port of Node v20 test/parallel/test-http-writable-true-after-close.js.
# Deviations: the listener is must_call_at_least (Node: mustCall). The proxy
# reads the internal server's end and the client's abort in one loop turn;
# Node's libuv handles the abort first (only 'close'), NodeKit's loop may send
# the response first ('finish', then 'close'), as Node does when the data wins.
# Either way res.writable must be True in each.
from nodekit import http, set_immediate


def test_response_writable_stays_true_at_finish_and_close(common):
    def main():
        box = {}

        def handler(req, res):
            listener = common.must_call_at_least(lambda: _true(res.writable))
            res.on("finish", listener)
            res.on("close", listener)
            http.get(f"http://127.0.0.1:{box['internal'].address()['port']}",
                     common.must_call(lambda inner: inner.pipe(res)))

        server = http.create_server(common.must_call(handler))

        def internal_handler(req, res):
            res.write_head(200)

            def later():
                box["external"].abort()
                res.end("Hello World\n")

            set_immediate(common.must_call(later))

        def go(port):
            internal = http.create_server(internal_handler)
            box["internal"] = internal

            def on_internal():
                external = http.get(f"http://127.0.0.1:{port}")
                box["external"] = external

                def on_error(*_):
                    server.close()
                    internal.close()

                external.on("error", common.must_call(on_error))

            internal.listen(0, common.HOST, on_internal)

        common.listen(server, go)

    common.run(main)


def _true(v):
    assert v is True
