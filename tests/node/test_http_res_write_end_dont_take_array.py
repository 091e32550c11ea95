# Port of Node v20 test/parallel/test-http-res-write-end-dont-take-array.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def test_write_and_end_reject_lists(common):
    def main():
        server = http.create_server()

        def first(req, res):
            server.on("request", common.must_call(lambda req, res: res.end(b"asdf")))
            res.write("string")
            res.write(b"asdf")
            raises(lambda: res.write(["array"]), code="ERR_INVALID_ARG_TYPE", cls=TypeError)
            raises(lambda: res.end(["moo"]), code="ERR_INVALID_ARG_TYPE", cls=TypeError)
            res.end("string")

        server.once("request", common.must_call(first))

        def go(port):
            def on_first(res):
                res.resume()

                def on_second(res2):
                    res2.resume()
                    server.close()

                http.get(at(port), on_second)

            http.get(at(port), on_first)

        common.listen(server, go)

    common.run(main)
