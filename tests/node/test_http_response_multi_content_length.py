# Port of Node v20 test/parallel/test-http-response-multi-content-length.js.
# Deviations: none.
import pytest

from nodekit import http
from tests.node._common import at


def set_header(req, res):
    res.set_header("content-length", [2, 1])
    res.end("k")


def write_head(req, res):
    res.write_head(200, {"content-length": [1, 2]})
    res.end("ok")


@pytest.mark.parametrize("handler", [set_header, write_head])
def test_client_rejects_two_content_lengths(handler, common):
    def main():
        server = http.create_server(handler)

        def go(port):
            def on_error(err):
                assert str(err).startswith("Parse Error"), str(err)
                assert err.code == "HPE_UNEXPECTED_CONTENT_LENGTH"
                server.close()

            http.get(at(port), common.must_not_call("client allowed two content-lengths")
                     ).on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)
