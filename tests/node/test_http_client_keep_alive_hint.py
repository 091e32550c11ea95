# Port of Node v20 test/parallel/test-http-client-keep-alive-hint.js.
# Deviations: Node's 3 s mustNotCall timer is the watchdog (run() must go
# idle although the server announced Keep-Alive: timeout=1 and its own
# keep-alive timeout is 60 s).
from nodekit import http
from tests.node._common import at


def test_keep_alive_hint_does_not_keep_the_client_alive(common):
    def main():
        def handler(req, res):
            req.resume()
            res.write_head(200, {"Connection": "keep-alive", "Keep-Alive": "timeout=1"})
            res.end("FOO")

        server = http.create_server({"keep_alive_timeout": 60000}, handler)

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume()
                server.close()

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=3)
