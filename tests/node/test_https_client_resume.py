# Port of Node v20 test/parallel/test-https-client-resume.js.
# Deviations: tls.connect goes to 127.0.0.1 (Node: localhost); Node's
# console.log lines are left out; the second client's session is the first
# 'session' the first client got, as in Node. The agent2 certificate is
# made at run time (tests/node/_tls.py).
from nodekit import https, tls
from tests.node._tls import agent2

REQUEST = "GET / HTTP/1.0\r\nServer: 127.0.0.1\r\n\r\n"


def test_the_second_connection_resumes_the_first_session(common):
    def main():
        pair = agent2()
        server = https.create_server({"key": pair.key, "cert": pair.cert},
                                     common.must_call(lambda req, res: res.end("Goodbye"), 2))

        def go(port):
            def on_connect1():
                assert client1.is_session_reused() is False
                client1.write(REQUEST)

            client1 = tls.connect({"host": common.HOST, "port": port,
                                   "reject_unauthorized": False},
                                  common.must_call(on_connect1))

            def on_session(session):
                def on_connect2():
                    assert client2.is_session_reused() is True
                    client2.write(REQUEST)

                client2 = tls.connect({"host": common.HOST, "port": port,
                                       "reject_unauthorized": False, "session": session},
                                      common.must_call(on_connect2))
                client2.on("close", lambda *_: server.close())
                client2.resume()

            client1.once("session", common.must_call(on_session))
            client1.resume()

        common.listen(server, go)

    common.run(main)
