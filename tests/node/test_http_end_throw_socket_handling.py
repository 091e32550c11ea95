# Port of Node v20 test/parallel/test-http-end-throw-socket-handling.js.
# Deviations: the process listener is removed after the test.
from nodekit import http, process
from tests.node._common import at

N = 10


def test_ten_errors_thrown_from_end_listeners_are_uncaught(common):
    listener = common.must_call(None, N)

    def main():
        process.on("uncaughtException", listener)
        left = [N]

        def handler(req, res):
            left[0] -= 1
            if left[0] == 0:
                server.close()
            res.end("ok")

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.resume()

                def boom():
                    raise Exception("gleep glorp")

                res.on("end", common.must_call(boom))

            for _ in range(N):
                http.request(at(port), on_response).end()

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", listener)
