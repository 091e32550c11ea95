# Port of Node v20 test/parallel/test-http-server-options-highwatermark.js.
# Deviations: Node reads the private req._readableState.highWaterMark and
# res[kHighWaterMark]; the port reads the public req.readable_high_water_mark
# and res.writable_high_water_mark. NodeKit has no setDefaultHighWaterMark
# (stream.setDefaultHighWaterMark), so the unset case checks the default, 16 KiB.
from nodekit import http
from tests.node._common import at, raises


def test_a_negative_high_water_mark_is_out_of_range():
    raises(lambda: http.create_server({"high_water_mark": -1}), code="ERR_OUT_OF_RANGE")


def _check(common, options, expected):
    def main():
        def handler(req, res):
            assert req.readable_high_water_mark == expected
            assert res.writable_high_water_mark == expected
            res.status_code = 200
            res.end()

        server = http.create_server(options, common.must_call(handler))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port), on_response)

        common.listen(server, go)

    common.run(main)


def test_the_option_sets_the_socket_and_message_buffers(common):
    _check(common, {"high_water_mark": 14000}, 14000)


def test_the_default_high_water_mark_without_the_option(common):
    _check(common, None, 16384)
