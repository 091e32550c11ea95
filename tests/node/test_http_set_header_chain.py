# Port of Node v20 test/parallel/test-http-set-header-chain.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_set_header_is_chainable(common):
    expected = {"testheader1": "foo", "testheader2": "bar", "testheader3": "xyz"}

    def main():
        def handler(req, res):
            retval = res.set_header("testheader1", "foo")
            assert retval is res
            res.set_header("testheader2", "bar").set_header("testheader3", "xyz")
            assert res.get_headers() == expected
            res.end("ok")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("data", lambda chunk: None)
                res.on("end", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
