# Port of Node v20 test/parallel/test-http-timeout-client-warning.js.
# Deviations: Node checks that req.setTimeout(2 ** 40) emits a
# TimeoutOverflowWarning on process 'warning' (a Node-only event, not in
# API.md §10's process); the port keeps the behaviour a user sees: the
# call is accepted, chainable, and the response still arrives.
from nodekit import http


def test_oversized_timeout_is_accepted(common):
    def main():
        server = http.create_server(lambda req, resp: resp.end())

        def go(port):
            def on_response(res):
                res.resume()
                server.close()

            (http.request(f"http://127.0.0.1:{port}")
             .set_timeout(2 ** 40)
             .on("response", common.must_call(on_response))
             .end())

        common.listen(server, go)

    common.run(main)
