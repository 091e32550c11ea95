# Port of Node v20 test/parallel/test-https-socket-options.js.
# Deviations: Node's console.log lines are left out; the clients connect to
# 127.0.0.1 (Node: localhost). The agent1 certificate is made at run time.
import pytest

from nodekit import http, https
from tests.node._common import at
from tests.node._tls import agent1_options


@pytest.mark.parametrize("module", ["http", "https"])
def test_socket_methods_on_the_request_reach_the_socket(common, module):
    mod = http if module == "http" else https

    def main():
        def handler(req, res):
            res.write_head(200, {"content-type": "text/plain"})
            res.end("hello world\n")

        server = (http.create_server(handler) if mod is http
                  else https.create_server(agent1_options(), handler))

        def go(port):
            def on_response(res):
                server.close()
                res.resume()

            req = mod.request(at(port, reject_unauthorized=False), common.must_call(on_response))
            # These exist on the request and are passed down to the socket.
            req.set_no_delay(True)
            req.set_timeout(1000, lambda: None)
            req.set_socket_keep_alive(True, 1000)
            req.end()

        common.listen(server, go)

    common.run(main)
