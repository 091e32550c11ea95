# Port of Node v20 test/parallel/test-http-client-abort-destroy.js.
# Deviations: host 127.0.0.1 rather than localhost; the abort and destroy
# blocks are one parametrized test, the third block another.
import pytest

from nodekit import http
from tests.node._common import at


@pytest.mark.parametrize("how", ["abort", "destroy"])
def test_abort_or_destroy_while_reading_the_response(common, how):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("Hello")))

        def go(port):
            def on_response(res):
                def on_data(data):
                    getattr(req, how)()
                    assert req.aborted is (how == "abort")
                    assert req.destroyed is True
                    server.close()

                res.on("data", on_data)

            req = http.get(at(port), common.must_call(on_response))
            req.on("error", common.must_not_call())
            assert req.aborted is False
            assert req.destroyed is False

        common.listen(server, go)

    common.run(main)


def test_destroy_before_the_socket(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            req = http.get(at(port), common.must_not_call())

            def on_error(err):
                assert err.code == "ECONNRESET"
                server.close()

            req.on("error", common.must_call(on_error))
            assert req.aborted is False
            assert req.destroyed is False
            req.destroy()
            assert req.aborted is False
            assert req.destroyed is True

        common.listen(server, go)

    common.run(main)
