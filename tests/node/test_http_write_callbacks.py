# Port of Node v20 test/parallel/test-http-write-callbacks.js.
# Deviations: the exit checks run after run().
from nodekit import http
from tests.node._common import at


def test_write_callbacks_with_encodings_after_100_continue(common):
    state = {"server_end_cb": False, "client_end_cb": False, "server_in": [], "client_in": []}

    def main():
        def handler(req, res):
            res.status_code = 400
            res.end("Bad Request.\nMust send Expect:100-continue\n")

        server = http.create_server(handler)

        def on_check_continue(req, res):
            server.close()
            assert req.method == "PUT"

            def after_continue(*_):
                def on_end():
                    def third(*_):
                        state["server_end_cb"] = True

                    def second(*_):
                        res.end(b"bar", "buffer", common.must_succeed(third))

                    def first(*_):
                        res.write("foo", "ascii", common.must_succeed(second))

                    res.write("asdf", common.must_succeed(first))

                req.on("end", on_end)

            res.write_continue(after_continue)
            req.set_encoding("ascii")
            req.on("data", state["server_in"].append)

        server.on("checkContinue", common.must_call(on_check_continue))

        def go(port):
            req = http.request(at(port, method="PUT", headers={"expect": "100-continue"}))

            def on_continue():
                def third(*_):
                    state["client_end_cb"] = True

                def second(*_):
                    req.end("626c657267", "hex", common.must_succeed(third))

                def first(*_):
                    req.write(b"quux", common.must_succeed(second))

                req.write("YmF6", "base64", common.must_succeed(first))

            def on_response(res):
                assert state["client_end_cb"]
                res.set_encoding("ascii")
                res.on("data", state["client_in"].append)

            req.on("continue", common.must_call(on_continue))
            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
    assert state["server_end_cb"]
    assert "".join(state["server_in"]) == "bazquuxblerg"
    assert state["client_end_cb"]
    assert "".join(state["client_in"]) == "asdffoobar"
