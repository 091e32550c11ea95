# Port of Node v20 test/parallel/test-http-outgoing-buffer.js.
# Deviations: Node reads the internal getDefaultHighWaterMark() and the
# private `outputSize` (--expose-internals); the port reads the public
# writable_high_water_mark and writable_length, which count the same bytes.
from nodekit import http


def test_writes_without_a_socket_are_buffered_up_to_the_high_water_mark():
    msg = http.OutgoingMessage()
    msg._implicit_header = lambda: None

    assert msg.write("asd") is True
    while msg.write("asd"):
        pass
    assert msg.writable_length >= msg.writable_high_water_mark
