# Port of Node v20 test/parallel/test-http-outgoing-end-types.js.
# Deviations: Node's Array chunk is a Python list.
from nodekit import http
from tests.node._common import raises


def test_end_with_a_list_throws_invalid_arg_type(common):
    def main():
        def on_request(req, res):
            server.close()
            raises(lambda: res.end(["Throws."]), code="ERR_INVALID_ARG_TYPE")
            res.end()

        server = http.create_server(common.must_call(on_request))

        def on_listening():
            http.get({"port": server.address()["port"], "host": common.HOST},
                     lambda res: res.resume())

        server.listen(common.PORT, common.HOST, common.must_call(on_listening))

    common.run(main)
