# Port of Node v20 test/parallel/test-http-bind-twice.js.
# Deviations: none.
from nodekit import http


def test_second_listen_on_the_same_port_is_eaddrinuse(common):
    def main():
        server1 = http.create_server(common.must_not_call())

        def go(port):
            server2 = http.create_server(common.must_not_call())
            server2.listen(port, common.HOST, common.must_not_call("listening"))

            def on_error(e):
                assert e.code == "EADDRINUSE"
                server1.close()

            server2.on("error", common.must_call(on_error))

        common.listen(server1, go)

    common.run(main)
