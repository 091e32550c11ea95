# Port of Node v20 test/parallel/test-https-agent-session-eviction.js.
# Deviations: Node (--tls-min-v1.0) caches a TLS 1.2 session (tickets off,
# RSA ciphers at SECLEVEL=0) and then offers it to a TLSv1_method server on
# the same port; this machine's OpenSSL policy refuses TLS 1.0, and NodeKit
# has no secure_options/secure_protocol, so the port caches a TLS 1.3
# session (with a ticket) on the global agent and offers it to a TLS 1.2-only
# server on the same port (max_version 'TLSv1.2'): the connection must work
# all the same. The agent1 certificate is made at run time.
from nodekit import https
from tests.node._common import at
from tests.node._tls import agent1_options


def _handler(body):
    def handler(req, res):
        res.write_head(200, {"Connection": "close"})
        res.end(body)

    return handler


def test_a_cached_session_the_new_server_cannot_resume_still_connects(common):
    def main():
        def second(server):
            def on_response(res):
                res.resume()
                server.close()

            req = https.request(at(server.address()["port"], reject_unauthorized=False),
                                common.must_call(on_response))
            req.end()

        def faulty_server(port):
            server = https.create_server(agent1_options(max_version="TLSv1.2"),
                                         _handler("hello faulty"))
            server.listen(port, common.HOST, lambda: second(server))

        def first(port):
            def on_response(res):
                assert res.socket.get_protocol() == "TLSv1.3"
                res.resume()
                res.on("end", lambda: server.close(lambda *_: faulty_server(port)))

            req = https.request(at(port, reject_unauthorized=False), on_response)
            req.end()

        server = https.create_server(agent1_options(), _handler("ohai"))
        common.listen(server, first)

    common.run(main)
