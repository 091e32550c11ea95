# Port of Node v20 test/parallel/test-net-access-byteswritten.js.
# Deviations: Node checks that reading `bytesWritten` on the prototypes
# gives undefined instead of throwing; in Python, reading the attribute on
# the class gives the property object itself and must not raise either.
# NodeKit has no `tty` module: those two lines are left out.
from nodekit import net, tls


def test_bytes_written_on_the_classes_does_not_raise():
    assert isinstance(net.Socket.bytes_written, property)
    assert isinstance(tls.TLSSocket.__mro__[1].bytes_written, property)
    assert isinstance(tls.TLSSocket.bytes_written, property)
