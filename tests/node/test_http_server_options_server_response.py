# Port of Node v20 test/parallel/test-http-server-options-server-response.js.
# Deviations: the option is server_response (API.md §11).
from nodekit import http
from tests.node._common import at


class MyServerResponse(http.ServerResponse):
    def status(self, code):
        return self.write_head(code, {"Content-Type": "text/plain"})


def test_server_response_option_sets_the_response_class(common):
    def main():
        def handler(req, res):
            res.status(200)
            res.end()

        server = http.Server({"server_response": MyServerResponse}, common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.on("end", common.must_call(lambda: server.close()))
                res.resume()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
