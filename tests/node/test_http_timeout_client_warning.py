# Port of Node v20 test/parallel/test-http-timeout-client-warning.js.
# Deviations: the warning's stack is NodeWarning.stack (Python's frames, this
# file's among them); Python's own warning line is silenced for the test.
import warnings

from nodekit import http, process


def test_the_overflow_warning_is_emitted_at_the_call(common):
    def main():
        # Checks that the setTimeout duration overflow warning is emitted
        # synchronously and therefore contains a meaningful stacktrace.
        def on_warning(warning):
            assert __file__ in warning.stack
            process.remove_listener("warning", checked)

        checked = common.must_call(on_warning)
        process.on("warning", checked)
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

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        common.run(main)
