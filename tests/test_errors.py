"""``nodekit.errors``: the error objects the layers share."""

from nodekit.errors import aborted_error


def test_aborted_error_is_nodes_econnreset_aborted():
    # What Node gives an incoming message whose connection ended mid-message
    # (server request and client response alike): ECONNRESET, message 'aborted'.
    err = aborted_error()
    assert (err.code, err.syscall, str(err)) == ("ECONNRESET", "read", "aborted")
