# Port of Node v20 test/parallel/test-http-timeout.js.
# Deviations: Node's req.clearTimeout(callback) is not public API; the
# timeout is cleared with set_timeout(0).
from nodekit import http
from tests.node._common import at

N = 11


def test_queued_requests_with_timeouts_all_complete(common):
    def main():
        def handler(req, res):
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end("OK")

        server = http.create_server(common.must_call(handler, N))
        agent = http.Agent(max_sockets=1)
        left = [N]

        def go(port):
            def callback():
                pass

            def create_request():
                def on_response(res):
                    req.set_timeout(0)

                    def on_end():
                        left[0] -= 1
                        if left[0] == 0:
                            server.close()

                    res.on("end", on_end)
                    res.resume()

                req = http.request(at(port, path="/", agent=agent), on_response)
                req.set_timeout(1000, callback)
                return req

            for _ in range(N):
                create_request().end()

        common.listen(server, go)

    common.run(main)
