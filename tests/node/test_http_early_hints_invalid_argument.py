# Port of Node v20 test/parallel/test-http-early-hints-invalid-argument.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def test_write_early_hints_validates_its_argument(common):
    def main():
        def handler(req, res):
            raises(lambda: res.write_early_hints("bad argument type"), code="ERR_INVALID_ARG_TYPE")
            raises(lambda: res.write_early_hints({"link": "</>; "}), code="ERR_INVALID_ARG_VALUE")
            raises(lambda: res.write_early_hints({"link": "rel=preload; </scripts.js>"}),
                   code="ERR_INVALID_ARG_VALUE")
            raises(lambda: res.write_early_hints({"link": "invalid string"}),
                   code="ERR_INVALID_ARG_VALUE")
            res.end("response content\n")
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, path="/"), lambda res: res.resume())
            req.end()
            req.on("information", common.must_not_call())

        common.listen(server, go)

    common.run(main)
