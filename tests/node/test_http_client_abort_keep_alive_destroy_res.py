# Port of Node v20 test/parallel/test-http-client-abort-keep-alive-destroy-res.js.
# Deviations: none (the Agent subclass counts sockets in create_connection).
from nodekit import http
from tests.node._common import at


def test_destroying_an_ended_response_keeps_the_socket_for_reuse(common):
    def main():
        created = []

        class Agent(http.Agent):
            def create_connection(self, options, *rest):
                socket = super().create_connection(options, *rest)
                created.append(socket)
                return socket

        server = http.create_server(lambda req, res: res.end())

        def go(port):
            agent = Agent(keep_alive=True, max_sockets=1)

            def on_second(res):
                res.resume()
                assert len(created) == 1
                agent.destroy()
                server.close()

            def on_first(res):
                res.resume()

                def on_end():
                    res.destroy()
                    http.get(at(port, agent=agent), common.must_call(on_second))

                res.on("end", on_end)

            http.get(at(port, agent=agent), common.must_call(on_first)).end()

        common.listen(server, go)

    common.run(main)
