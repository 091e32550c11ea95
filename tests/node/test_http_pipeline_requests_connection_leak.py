# Port of Node v20 test/parallel/test-http-pipeline-requests-connection-leak.js.
# Deviations: 100 pipelined requests (Node: 10,000) for Python's speed.

from nodekit import http, net

BIG = b"A" * (16 * 1024)
COUNT = 100


def test_many_pipelined_requests_with_big_responses(common):
    def main():
        left = [COUNT]
        box = {}

        def handler(req, res):
            def on_written(*_):
                left[0] -= 1
                if left[0] == 0:
                    server.close()
                    box["client"].end()

            res.end(BIG, on_written)

        server = http.create_server(common.must_call(handler, COUNT))

        def go(port):
            req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n" * COUNT
            client = net.connect(port, common.HOST)
            box["client"] = client
            client.on("connect", lambda: client.write(req))
            client.resume()

        common.listen(server, go)

    common.run(main, timeout=2)
