# Port of Node v20 test/parallel/test-https-timeout-server-2.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py);
# the client's socket is destroyed at the end (Node's process exit does it).
from nodekit import https, tls
from tests.node._tls import agent1_options


def test_set_timeout_on_the_secure_connection(common):
    def main():
        server = https.create_server(agent1_options(), common.must_not_call("request"))
        clients = []

        def on_secure_connection(cleartext):
            def on_timeout():
                cleartext.destroy()
                server.close()
                for client in clients:
                    client.destroy()

            s = cleartext.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, tls.TLSSocket)

        server.on("secureConnection", on_secure_connection)

        def go(port):
            client = tls.connect({"host": common.HOST, "port": port,
                                  "reject_unauthorized": False})
            client.on("error", lambda err: None)  # the server destroys it
            clients.append(client)

        common.listen(server, go)

    common.run(main)
