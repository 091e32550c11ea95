# Port of Node v20 test/parallel/test-http-client-abort2.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_abort_from_the_first_data_event(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("Hello")))

        def go(port):
            def on_response(res):
                def on_data(data):
                    req.abort()
                    server.close()

                res.on("data", on_data)

            req = http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
