# Port of Node v20 test/parallel/test-http-client-timeout-option-with-agent.js.
# Deviations: Node passes `lookup: () => {}` so the connection never starts;
# NodeKit has no `lookup` option, so the request goes to a loopback server
# that never answers and is destroyed after the check. Node compares the
# second 'timeout' listener with the internal `request.timeoutCb`; the port
# checks there are two (the agent's and the request's).
from nodekit import http


def test_request_timeout_wins_over_the_agents(common):
    def main():
        server = http.create_server(lambda req, res: None)

        def go(port):
            req = http.get({"agent": http.Agent(timeout=50), "host": "127.0.0.1",
                            "port": port, "timeout": 100})

            def on_socket(socket):
                assert socket.timeout == 100
                assert len(socket.listeners("timeout")) == 2
                req.destroy()
                server.close()

            req.on("socket", common.must_call(on_socket))
            req.on("error", lambda err: None)

        common.listen(server, go)

    common.run(main)
