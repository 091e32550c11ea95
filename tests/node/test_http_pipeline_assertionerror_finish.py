# Port of Node v20 test/parallel/test-http-pipeline-assertionerror-finish.js.
# Deviations: none (ten pipelined requests, each ended 0-99 ms later at random).
import random

from nodekit import http, net, set_timeout

COUNT = 10


def test_pipelined_responses_ended_out_of_order(common):
    def main():
        def handler(req, res):
            server.close()
            res.write_head(200)
            res.write("data")
            set_timeout(lambda: res.end(), random.randrange(100))

        server = http.create_server(common.must_call(handler, COUNT))

        def go(port):
            s = net.connect(port, common.HOST)
            s.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n" * COUNT)
            s.resume()
            box["s"] = s

        box = {}
        common.listen(server, go)

    common.run(main)
