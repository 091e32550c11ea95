# Port of Node v20 test/parallel/test-https-request-arguments.js.
# Deviations: hostname is 127.0.0.1 rather than localhost (the server binds
# IPv4 loopback only); the agent1/ca1 certificates are made at run time
# (tests/node/_tls.py).
from nodekit import https
from tests.node._tls import agent1_options, ca1


def test_options_override_the_url(common):
    def main():
        def handler(req, res):
            assert req.url == "/testpath"
            res.end()
            server.close()

        server = https.create_server(agent1_options(ca=ca1()), common.must_call(handler))

        def go(port):
            https.get("https://example.com/testpath",
                      {"hostname": common.HOST, "port": port, "reject_unauthorized": False},
                      common.must_call(lambda res: res.resume()))

        common.listen(server, go)

    common.run(main)
