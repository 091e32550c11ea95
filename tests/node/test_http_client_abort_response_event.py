# Port of Node v20 test/parallel/test-http-client-abort-response-event.js.
# Deviations: none; a 'response' emitted by hand after abort() still reaches
# the callback (it is an ordinary listener).
from nodekit import http, net
from tests.node._common import at


def test_response_emitted_by_hand_after_abort_reaches_the_callback(common):
    def main():
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            req = http.request(at(port), common.must_call())
            req.on("abort", common.must_call(lambda: server.close()))
            req.end()
            req.abort()
            req.emit("response", http.IncomingMessage(net.Socket()))

        common.listen(server, go)

    common.run(main)
