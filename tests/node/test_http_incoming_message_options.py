# Port of Node v20 test/parallel/test-http-incoming-message-options.js.
# Deviations: none; create_connection sets readable_high_water_mark.
from nodekit import http, net
from tests.node._common import at

HWM = 1024


def test_response_inherits_the_socket_readable_high_water_mark(common):
    def main():
        server = http.create_server(lambda req, res: res.end())

        def go(port):
            def create_connection(options, *rest):
                options["readable_high_water_mark"] = HWM
                return net.create_connection(options)

            def on_response(res):
                assert res.socket is req.socket
                assert res.socket.readable_high_water_mark == HWM
                assert res.readable_high_water_mark == HWM
                res.resume()
                server.close()

            req = http.request(at(port, create_connection=create_connection),
                               common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)
