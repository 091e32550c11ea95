# Port of Node v20 test/parallel/test-http-status-code.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at

TESTS = [200, 202, 300, 404, 451, 500]


def test_write_head_status_codes_reach_the_client(common):
    def main():
        tests = list(TESTS)
        current = [None]

        def handler(req, res):
            res.write_head(current[0], {"Content-Type": "text/plain"})
            assert res.status_code == current[0]
            res.end("hello world\n")

        server = http.create_server(common.must_call(handler, len(TESTS)))

        def next_test(port):
            current[0] = tests.pop(0)

            def on_response(response):
                assert response.status_code == current[0]

                def on_end():
                    if tests:
                        next_test(port)
                    else:
                        server.close()

                response.on("end", on_end)
                response.resume()

            http.get(at(port), on_response)

        common.listen(server, next_test)

    common.run(main)
