# Port of Node v20 test/parallel/test-http-keep-alive-timeout-custom.js.
# Deviations: none.

from nodekit import http
from tests.node._common import at


def test_user_keep_alive_header_is_kept(common):
    def main():
        def handler(req, res):
            body = "hello world\n"
            res.write_head(200, {"Content-Length": len(body), "Keep-Alive": "timeout=50"})
            res.write(body)
            res.end()

        server = http.create_server(common.must_call(handler))
        server.keep_alive_timeout = 12010
        agent = http.Agent(max_sockets=1, keep_alive=True)

        def go(port):
            def on_response(response):
                response.resume()
                assert response.headers["keep-alive"] == "timeout=50"
                server.close()
                agent.destroy()

            http.get(at(port, path="/", agent=agent), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
