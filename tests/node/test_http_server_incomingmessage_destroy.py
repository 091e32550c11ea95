# Port of Node v20 test/parallel/test-http-server-incomingmessage-destroy.js.
# Deviations: the process listener is removed after the test.
from nodekit import http, process
from tests.node._common import at


def test_req_destroy_with_error_is_socket_hang_up_for_the_client(common):
    never = common.must_not_call("uncaughtException")

    def main():
        process.on("uncaughtException", never)
        server = http.create_server(common.must_call(
            lambda req, res: req.destroy(Exception("Destroy test"))))

        def go(port):
            def on_error(error):
                assert str(error) == "socket hang up"
                assert error.code == "ECONNRESET"
                server.close()

            http.get(at(port), lambda res: res.resume()).on("error", common.must_call(on_error))

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        process.off("uncaughtException", never)
