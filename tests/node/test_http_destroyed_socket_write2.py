# Port of Node v20 test/parallel/test-http-destroyed-socket-write2.js.
# Deviations: Node checks the semi-private `req.outputData` is empty; the
# port checks the public writable_length (bytes not yet handed to the OS).
from nodekit import http
from tests.node._common import HOST


def test_write_to_a_torn_down_connection_errors_with_reset(common):
    def main():
        def handler(req, res):
            def on_data(*_):
                res.destroy()
                server.emit("responseDestroyed")

            req.on("data", common.must_call(on_data))

        server = http.create_server(handler)

        def go(port):
            req = http.request({"host": HOST, "port": port, "path": "/", "method": "POST"})
            server.once("responseDestroyed", common.must_call(lambda: req.write("hello")))

            def on_error(er):
                assert req.res is None
                # ECONNRESET is expected; EPIPE is possible (timing), ECONNABORTED on Windows.
                assert er.code in ("ECONNRESET", "ECONNABORTED", "EPIPE"), er.code
                assert req.writable_length == 0
                server.close()

            req.on("error", common.must_call(on_error))
            req.on("response", common.must_not_call())
            req.write("hello", common.must_succeed())

        common.listen(server, go)

    common.run(main)
