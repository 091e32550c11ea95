# Port of Node v20 test/parallel/test-http-wget.js.
# Deviations: none.
# The handler and the raw client are shared with test-http-request-methods.js:
# tests/node/_twins/http_siblings.py.
from nodekit import http
from tests.node._twins.http_siblings import hello_world_over_http_1_0, write_hello_world


def test_http_1_0_keep_alive_request_gets_the_body_then_the_end(common):
    def main():
        server = http.create_server(lambda req, res: write_hello_world(res))
        server.listen(0, common.HOST)

        def on_listening():
            hello_world_over_http_1_0(common, server, server.address()["port"],
                                      "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
                                      count_close=True)

        server.on("listening", common.must_call(on_listening))

    common.run(main)
