# Port of Node v20 test/parallel/test-https-argument-of-creating.js.
# Deviations: Node compares the private server.ALPNProtocols buffer with
# tls.convertALPNProtocols(['http/1.1']); NodeKit has neither, so the port
# checks what they mean on the wire: a client offering http/1.1 (and h2
# first) gets http/1.1. That needs a certificate, so those servers get the
# agent1 pair beside the original options (made at run time). Node's
# mustNotMutateObjectDeep is a deep copy compared after the call.
import copy

from nodekit import https, tls
from tests.node._tls import agent1_options


def _negotiated(server, common):
    got = []

    def main():
        def go(port):
            def on_secure():
                got.append(client.alpn_protocol)
                client.destroy()
                server.close()

            client = tls.connect({"host": common.HOST, "port": port,
                                  "reject_unauthorized": False,
                                  "alpn_protocols": ["h2", "http/1.1"]}, on_secure)

        common.listen(server, go)

    common.run(main)
    return got


def test_options_are_not_mutated(common):
    opts = agent1_options(foo="bar", alpn_protocols=["http/1.1"])
    before = copy.deepcopy(opts)
    server = https.create_server(opts)
    assert opts == before
    assert _negotiated(server, common) == ["http/1.1"]


def test_the_only_argument_may_be_the_request_listener(common):
    must_not_call = common.must_not_call("request")
    server = https.create_server(must_not_call)
    assert server.listeners("request") == [must_not_call]
    server.set_secure_context(agent1_options())  # (only for the wire check)
    assert _negotiated(server, common) == ["http/1.1"]


def test_no_arguments():
    server = https.create_server()
    assert server.listeners("request") == []
