# Port of Node v20 test/parallel/test-http-client-keep-alive-release-before-finish.js.
# Deviations: none (the POST ends 100 ms later, after its response arrived).
from nodekit import http, set_timeout
from tests.node._common import at


def test_socket_is_not_reused_before_the_request_finished(common):
    def main():
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            agent = http.Agent(max_sockets=1, keep_alive=True)
            post = http.request(at(port, agent=agent, method="POST"),
                                common.must_call(lambda res: res.resume()))
            post.write(b"X" * (16 * 1024))
            set_timeout(lambda: post.end("something"), 100)

            def on_get(res):
                server.close()
                res.connection.end()

            http.request(at(port, agent=agent, method="GET"), common.must_call(on_get)).end()

        common.listen(server, go)

    common.run(main)
