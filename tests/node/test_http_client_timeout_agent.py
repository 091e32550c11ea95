# Port of Node v20 test/parallel/test-http-client-timeout-agent.js.
# Deviations: none (the console.log lines are left out).
from nodekit import http, set_timeout
from tests.node._common import HOST

SENT = 30


def test_each_unanswered_request_times_out_once(common):
    state = {"done": 0}

    def main():
        def handler(req, res):
            reqid = int(req.url[1:])
            if reqid % 2:
                return  # do not reply
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write(str(reqid))
            res.end()

        server = http.create_server(handler)

        def go(port):
            for i in range(SENT):
                request(port, i)

            def maybe_done():
                if state["done"] >= SENT:
                    set_timeout(server.close, 100)
                else:
                    set_timeout(maybe_done, 100)

            set_timeout(maybe_done, 100)

        def request(port, i):
            req = http.request({"method": "GET", "host": HOST, "port": port, "path": f"/{i}"})

            def on_response(res):
                def on_end(*_):
                    state["done"] += 1
                    req.destroy()

                res.on("data", lambda data: None)
                res.on("end", on_end)

            def on_timeout():
                req.abort()
                state["done"] += 1

            req.on("response", on_response)
            req.on("error", lambda *_: req.destroy())
            req.set_timeout(50, on_timeout)
            req.end()

        server.listen(0, HOST, common.must_call(lambda: go(server.address()["port"])))

    common.run(main)
    # The timeout of a request was not called too often.
    assert state["done"] == SENT
