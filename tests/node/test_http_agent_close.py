# Port of Node v20 test/parallel/test-http-agent-close.js.
# Deviations: Node overrides agent.createSocket (an undocumented method);
# API.md §11's documented hook is Agent.create_connection(options, callback),
# so the error is handed back through that callback (Node v20 emits it
# on the request too: checked with node).
from nodekit import http


def test_socket_creation_error_is_emitted_then_close_with_destroyed(common):
    err = Exception("kaboom")

    def main():
        agent = http.Agent()
        agent.create_connection = lambda options, cb=None: cb(err, None)
        req = http.request({"agent": agent, "host": common.HOST, "port": 9})

        def on_error(e):
            assert e is err

        def on_close():
            assert req.destroyed is True

        req.on("error", common.must_call(on_error))
        req.on("close", common.must_call(on_close))

    common.run(main)
