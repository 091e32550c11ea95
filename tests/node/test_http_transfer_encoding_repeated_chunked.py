# Port of Node v20 test/parallel/test-http-transfer-encoding-repeated-chunked.js.
# Deviations: none; the handler runs once (the head is valid), the body is
# refused with a 400 and neither 'data' nor 'end' reach the request.
# The raw 400 client is shared: tests/node/_twins/bad_request.py.
from nodekit import http
from tests.node._twins.bad_request import expect_400

MSG = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1",
                   "Transfer-Encoding: chunkedchunked", "", "1", "A", "0", ""])


def test_chunkedchunked_is_a_400(common):
    def main():
        def handler(req, res):
            req.on("data", common.must_not_call("data"))
            req.on("end", common.must_not_call("end"))

        server = http.create_server(common.must_call(handler))
        expect_400(common, server, MSG)

    common.run(main)
