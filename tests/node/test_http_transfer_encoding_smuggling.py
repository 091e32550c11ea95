# Port of Node v20 test/parallel/test-http-transfer-encoding-smuggling.js.
# Deviations: none. The raw 400 client is shared: tests/node/_twins/bad_request.py.
from nodekit import http, net
from tests.node._twins.bad_request import expect_400

MSG1 = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked",
                    "Transfer-Encoding: chunked-false", "Connection: upgrade", "", "1", "A",
                    "0", "", "GET /flag HTTP/1.1", "Host: 127.0.0.1", "", ""])
MSG2 = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked",
                    " , chunked-false", "Connection: upgrade", "", "1", "A", "0", "",
                    "GET /flag HTTP/1.1", "Host: 127.0.0.1", "", ""])


def test_second_te_not_ending_in_chunked_is_a_400(common):
    common.run(lambda: expect_400(common, http.create_server(common.must_not_call()), MSG1))


def test_obs_fold_continuation_of_te_does_not_smuggle(common):
    def main():
        def handler(request, response):
            assert request.url != "/admin"
            response.end("hello world")

        server = http.create_server(common.must_call_at_least(handler, 0))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("end", common.must_call(lambda: server.close()))
            client.write(MSG2)
            client.resume()

        common.listen(server, go)

    common.run(main)
