# Port of Node v20 test/parallel/test-http-client-close-with-default-agent.js.
# Deviations: Node's 1 s mustNotCall timer (the process must exit before it)
# is the watchdog: run() must go idle, the free socket in the global agent
# being unref'd.
from nodekit import http
from tests.node._common import at


def test_free_socket_in_the_global_agent_does_not_keep_the_loop(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume()
                server.close()

            req = http.get(at(port), common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main, timeout=3)
