# Port of Node v20 test/parallel/test-https-byteswritten.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py);
# Node's console.log('ok') is the must_call on 'finish'.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def test_bytes_written_after_a_response_over_tls(common):
    def main():
        def handler(req, res):
            def on_finish():
                assert isinstance(req.connection.bytes_written, int)
                assert req.connection.bytes_written > 0
                server.close()

            res.on("finish", common.must_call(on_finish))
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("hello world\n")

        server = https.create_server(agent1_options(), handler)
        common.listen(server, lambda port: https.get(at(port, reject_unauthorized=False)))

    common.run(main)
