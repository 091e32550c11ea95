# Port of Node v20 test/parallel/test-http-agent-remove.js.
# Deviations: Node checks socket._httpMessage (internal); the port checks the
# public counterpart, that the request keeps its socket (req.socket).
from nodekit import http
from tests.node._common import at


def test_agent_remove_event_leaves_the_request_on_its_socket(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.flush_headers()))

        def go(port):
            def on_response(res):
                socket = req.socket
                socket.emit("agentRemove")
                assert req.socket is socket
                socket.destroy()
                server.close()

            req = http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
