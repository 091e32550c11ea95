# Port of Node v20 test/parallel/test-http-client-abort.js.
# Deviations: none (8 requests).
from nodekit import http
from tests.node._common import at

N = 8


def test_abort_mid_body_emits_aborted_on_the_server(common):
    def main():
        left = [N]

        def on_aborted():
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def handler(req, res):
            res.write_head(200)
            res.write("Working on it...")
            req.on("aborted", common.must_call(on_aborted))

        server = http.Server(common.must_call(handler, N))

        def go(port):
            requests = []
            got = [N]

            def on_response(res):
                res.resume()
                got[0] -= 1
                if got[0] == 0:
                    for req in requests:
                        req.abort()

            for i in range(N):
                requests.append(http.get(at(port, path=f"/?id={i}"), common.must_call(on_response)))

        common.listen(server, go)

    common.run(main)
