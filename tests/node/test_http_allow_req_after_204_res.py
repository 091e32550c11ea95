# Port of Node v20 test/parallel/test-http-allow-req-after-204-res.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_request_after_a_204_on_the_same_agent(common):
    def main():
        codes = [204, 200]

        def handler(req, res):
            code = codes.pop(0)
            res.write_head(code, {})
            res.end()

        server = http.create_server(common.must_call(handler, 2))
        left = [2]

        def next_request(port):
            def on_response(response):
                def on_end():
                    left[0] -= 1
                    if left[0]:
                        next_request(port)
                    else:
                        server.close()

                response.on("end", common.must_call(on_end))
                response.resume()

            http.get(at(port, path="/"), common.must_call(on_response)).end()

        common.listen(server, next_request)

    common.run(main)
