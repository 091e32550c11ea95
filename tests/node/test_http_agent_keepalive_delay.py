# Port of Node v20 test/parallel/test-http-agent-keepalive-delay.js.
# Deviations: the options keys are keep_alive / keep_alive_initial_delay
# (API.md §1); the host is 127.0.0.1.
from nodekit import http
from tests.node._common import at


def test_keep_alive_agent_passes_tcp_keep_alive_to_create_connection(common):
    def main():
        agent = http.Agent(keep_alive=True, keep_alive_msecs=1000)
        server = http.create_server(common.must_call(lambda req, res: res.end("ok")))

        def go(port):
            create_connection = agent.create_connection

            def checked(options, *args):
                assert options.get("keep_alive") is True
                assert options.get("keep_alive_initial_delay") == agent.keep_alive_msecs
                return create_connection(options, *args)

            agent.create_connection = checked

            def on_response(res):
                res.on("data", lambda chunk: None)
                res.on("end", lambda: (server.close(), agent.destroy()))

            http.get(at(port, agent=agent, path="/"), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
