# Port of Node v20 test/parallel/test-http-client-response-timeout.js.
# Deviations: none.
from nodekit import http


def test_response_set_timeout_emits_timeout_on_the_response(common):
    def main():
        server = http.create_server(lambda req, res: res.flush_headers())

        def on_listening():
            def on_response(res):
                res.on("timeout", common.must_call(lambda: req.destroy()))
                res.set_timeout(1)
                server.close()

            req = http.get({"port": server.address()["port"], "host": common.HOST},
                           common.must_call(on_response))

        server.listen(common.PORT, common.HOST, common.must_call(on_listening))

    common.run(main)
