# Port of Node v20 test/parallel/test-http-outgoing-properties.js.
# Deviations: Node's standalone OutgoingMessage overrides the private
# _implicitHeader before writing; that block is left out (private hook).
# The client's host is 127.0.0.1 where Node checks 'localhost' with the
# default host: the default-host check uses a request made without one.
from nodekit import http
from tests.node._common import at


def test_outgoing_message_stream_properties():
    msg = http.OutgoingMessage()
    assert msg.writable_object_mode is False
    assert http.OutgoingMessage().writable_high_water_mark > 0


def test_response_writable_length(common):
    def main():
        def handler(req, res):
            hwm = req.socket.writable_high_water_mark
            assert res.writable_high_water_mark == hwm
            assert res.writable_length == 0
            res.write("")
            n = res.writable_length
            res.write("asd")
            assert res.writable_length == n + 8
            res.end()

            def on_finish():
                assert res.writable_length == 0
                server.close()

            res.on("finish", common.must_call(on_finish))

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.request(
            at(port, method="GET", path="/"), lambda res: res.resume()).end())

    common.run(main)


def test_request_path_method_host_protocol(common):
    def main():
        req = http.request({"port": 9, "method": "GET", "path": "/"})
        assert req.path == "/"
        assert req.method == "GET"
        assert req.host == "localhost"
        assert req.protocol == "http:"
        req.on("error", lambda err: None)
        req.destroy()

    common.run(main)
