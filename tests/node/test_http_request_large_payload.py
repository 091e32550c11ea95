# Port of Node v20 test/parallel/test-http-request-large-payload.js.
# Deviations: Buffer.alloc(16390, 'Й') fills 16390 bytes with the character's
# two UTF-8 bytes repeated; built the same way here. The response is consumed.
from nodekit import http
from tests.node._common import at


def test_post_of_a_payload_over_the_high_water_mark(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, method="POST"), common.must_call(lambda res: res.resume()))
            payload = ("Й".encode() * 8195)[:16390]
            req.write(payload)
            req.end()

        common.listen(server, go)

    common.run(main)
