# Port of Node v20 test/parallel/test-https-agent-servername.js.
# Deviations: the agent1/ca1 certificates are made at run time
# (tests/node/_tls.py); Node's error handler (print and exit(1)) is a
# must_not_call; the client connects to 127.0.0.1.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options, ca1


def test_servername_is_checked_against_the_cn(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("hello world\n")

        server = https.Server(agent1_options(ca=ca1()), handler)

        def on_response(res):
            res.resume()
            assert res.status_code == 200
            server.close()

        def go(port):
            req = https.get(at(port, path="/", reject_unauthorized=True, servername="agent1",
                               ca=ca1()), common.must_call(on_response))
            req.on("error", common.must_not_call("error"))

        common.listen(server, go)

    common.run(main)
