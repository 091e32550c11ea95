# Port of Node v20 test/parallel/test-https-server-options-server-response.js.
# Deviations: the option is spelled server_response (API.md); the agent1/ca1
# certificates are made at run time (tests/node/_tls.py); the server listens
# on 127.0.0.1 (Node: every address).
from nodekit import http, https
from tests.node._common import at
from tests.node._tls import agent1_options, ca1


class MyServerResponse(http.ServerResponse):
    def status(self, code):
        return self.write_head(code, {"Content-Type": "text/plain"})


def test_server_response_option_sets_the_response_class(common):
    def main():
        def handler(req, res):
            res.status(200)
            res.end()

        options = agent1_options(ca=ca1(), server_response=MyServerResponse)
        server = https.create_server(options, common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.on("end", lambda: server.close())
                res.resume()

            https.get(at(port, reject_unauthorized=False), on_response)

        common.listen(server, go)

    common.run(main)
