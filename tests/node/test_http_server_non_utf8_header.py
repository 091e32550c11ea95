# Port of Node v20 test/parallel/test-http-server-non-utf8-header.js.
# Deviations: Node's Buffer.from('bår').toString('binary') is the UTF-8
# bytes read as latin-1, built the same way here.
import pytest

from nodekit import http
from tests.node._common import at

NON_UTF8 = "bår".encode().decode("latin-1")


@pytest.mark.parametrize("head", [["content-disposition", NON_UTF8],
                                  ["Content-Length", "5", "content-disposition", NON_UTF8]])
def test_latin1_header_value_arrives_unchanged(head, common):
    def main():
        def handler(req, res):
            res.write_head(200, head)
            res.end("hello")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                assert res.headers["content-disposition"] == NON_UTF8
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
