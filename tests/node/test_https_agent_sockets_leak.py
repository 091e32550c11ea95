# Port of Node v20 test/parallel/test-https-agent-sockets-leak.js.
# Deviations: Node's `host: server.address().host` is undefined (localhost);
# here the server's address 127.0.0.1. The agent1/ca1 certificates are made
# at run time (tests/node/_tls.py).

from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options, ca1


def test_one_pool_entry_for_a_host_header_servername(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end("https\n")

        server = https.Server(agent1_options(ca=ca1()), common.must_call(handler))
        agent = https.Agent(keep_alive=False)

        def on_response(res):
            res.resume()
            server.close()
            # One entry: the socket is pooled under the name the request was
            # queued with (the SNI taken from the Host header is in both).
            assert len(agent.sockets) == 1

            def on_close():
                assert len(agent.sockets) == 0

            res.req.on("close", common.must_call(on_close))

        def go(port):
            https.get(at(port, headers={"host": "agent1"}, reject_unauthorized=True, ca=ca1(),
                         agent=agent), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
