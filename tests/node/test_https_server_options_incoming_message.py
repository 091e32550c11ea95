# Port of Node v20 test/parallel/test-https-server-options-incoming-message.js.
# Deviations: the option is spelled incoming_message (API.md); the
# agent1/ca1 certificates are made at run time (tests/node/_tls.py); the
# server listens on 127.0.0.1 (Node: every address).
from nodekit import http, https
from tests.node._common import at
from tests.node._tls import agent1_options, ca1


class MyIncomingMessage(http.IncomingMessage):
    def get_user_agent(self):
        return self.headers.get("user-agent") or "unknown"


def test_incoming_message_option_sets_the_request_class(common):
    def main():
        def handler(req, res):
            assert req.get_user_agent() == "node-test"
            res.status_code = 200
            res.end()

        options = agent1_options(ca=ca1(), incoming_message=MyIncomingMessage)
        server = https.create_server(options, common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.on("end", lambda: server.close())
                res.resume()

            https.get(at(port, reject_unauthorized=False,
                         headers={"User-Agent": "node-test"}), on_response)

        common.listen(server, go)

    common.run(main)
