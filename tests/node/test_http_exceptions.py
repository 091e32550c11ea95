# Port of Node v20 test/parallel/test-http-exceptions.js.
# Deviations: Node ends with process.exit(0) after the fourth exception;
# here the server and the global agent's requests are destroyed then. The
# exception is a NameError (Node's ReferenceError).
from nodekit import http, process
from tests.node._common import at

N = 4


def test_exceptions_in_handlers_reach_uncaught_exception(common):
    reqs = []

    def on_uncaught(err, *origin):
        assert isinstance(err, NameError)
        seen.append(err)
        if len(seen) == N:
            for req in reqs:
                req.destroy()
            server_box[0].close()

    seen = []
    server_box = []
    listener = common.must_call(on_uncaught, N)

    def main():
        process.on("uncaughtException", listener)

        def handler(req, res):
            intentionally_not_defined()  # noqa: F821
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("Thank you, come again.")
            res.end()

        server = http.create_server(handler)
        server_box.append(server)

        def go(port):
            for i in range(N):
                req = http.get(at(port, path=f"/busy/{i}"))
                req.on("error", lambda err: None)
                reqs.append(req)

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", listener)
