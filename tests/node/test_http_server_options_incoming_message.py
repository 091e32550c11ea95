# Port of Node v20 test/parallel/test-http-server-options-incoming-message.js.
# Deviations: the option is incoming_message (API.md §11).
from nodekit import http
from tests.node._common import at


class MyIncomingMessage(http.IncomingMessage):
    def get_user_agent(self):
        return self.headers.get("user-agent", "unknown")


def test_incoming_message_option_sets_the_request_class(common):
    def main():
        def handler(req, res):
            assert req.get_user_agent() == "node-test"
            res.status_code = 200
            res.end()

        server = http.create_server({"incoming_message": MyIncomingMessage},
                                    common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            http.get(at(port, headers={"User-Agent": "node-test"}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
