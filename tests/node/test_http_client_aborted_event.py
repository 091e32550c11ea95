# Port of Node v20 test/parallel/test-http-client-aborted-event.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def _serve(box):
    def handler(req, res):
        res.write("Part of my res.")
        box.append(res)

    return http.Server(handler)


def test_server_destroy_mid_body_emits_aborted_and_econnreset(common):
    _server_destroys_mid_body(common, error_listener=True)


def test_server_destroy_mid_body_emits_aborted_without_error_listener(common):
    _server_destroys_mid_body(common, error_listener=False)


def _server_destroys_mid_body(common, error_listener):
    """Node's two blocks: the server destroys its response mid-body; the
    client's response emits 'aborted' (and, with a listener, ECONNRESET)."""
    def main():
        box = []
        server = _serve(box)

        def go(port):
            def on_response(res):
                server.close()
                box[0].destroy()
                res.on("aborted", common.must_call())
                if error_listener:
                    res.on("error", common.expects_error(code="ECONNRESET"))

            http.get(at(port, headers={"connection": "keep-alive"}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
