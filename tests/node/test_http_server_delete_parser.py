# Port of Node v20 test/parallel/test-http-server-delete-parser.js.
# Deviations: Node deletes the internal res.socket.parser in the write
# callback (it must not crash); NodeKit's parser is private, so the port
# keeps the observable part: the write callback runs, the response ends and
# the unref'd server lets run() finish.
from nodekit import http
from tests.node._common import at


def test_response_write_callback_then_end(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("okay", common.must_call())
            res.end()

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.request(
            at(port, method="GET"), lambda res: res.resume()).end())
        server.unref()

    common.run(main)
