# Port of Node v20 test/parallel/test-http-expect-continue.js.
# Deviations: none (the final response follows 100 ms after the 100).
from nodekit import http, set_timeout
from tests.node._common import at

REQ_BODY = "some stuff...\n"
RES_BODY = "other stuff!\n"


def test_check_continue_write_continue_then_response(common):
    def main():
        state = {"sent": False, "got": False}

        def handler(req, res):
            assert state["sent"], "Full response sent before 100 Continue"
            res.write_head(200, {"Content-Type": "text/plain", "ABCD": "1"})
            res.end(RES_BODY)

        handle = common.must_call(handler)
        server = http.create_server(common.must_not_call())

        def on_check_continue(req, res):
            res.write_continue()
            state["sent"] = True
            set_timeout(lambda: handle(req, res), 100)

        server.on("checkContinue", common.must_call(on_check_continue))

        def go(port):
            req = http.request(at(port, method="POST", path="/world",
                                  headers={"Expect": "100-continue"}))

            def on_continue():
                state["got"] = True
                req.end(REQ_BODY)

            def on_response(res):
                assert state["got"], "Full response received before 100 Continue"
                assert res.status_code == 200
                res.set_encoding("utf8")
                body = []
                res.on("data", body.append)

                def on_end():
                    assert "".join(body) == RES_BODY
                    assert "abcd" in res.headers, "Response headers missing."
                    server.close()

                res.on("end", common.must_call(on_end))

            req.on("continue", common.must_call(on_continue))
            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
