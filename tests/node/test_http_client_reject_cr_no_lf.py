# Port of Node v20 test/parallel/test-http-client-reject-cr-no-lf.js.
# Deviations: none.

from nodekit import http, net
from tests.node._common import at


def test_bare_cr_in_response_head_is_lf_expected(common):
    reqstr = "HTTP/1.1 200 OK\r\nFoo: Bar\r" "Content-Length: 1\r\n\r\n"

    def main():
        server = net.create_server(lambda socket: socket.write(reqstr))

        def go(port):
            req = http.get(at(port), common.must_not_call())

            def on_error(err):
                assert str(err).startswith("Parse Error")
                assert err.code == "HPE_LF_EXPECTED"
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)
