"""net.Socket over its core (``_SocketCore``, net.pxd when compiled): the
state that is C fields compiled and class attributes in pure Python behaves
the same in both: a subclass's class attribute naming a field, ``vars()``,
a destroyed socket connected again, and ``timeout`` before ``set_timeout``
(Node v20: ``new net.Socket().timeout`` is undefined, None here).
"""

from __future__ import annotations

import pytest
from conftest import run

from nodekit import net


class _Tagged(net.Socket):
    # Both name fields of the core: compiled, they move to net._OVERRIDES
    # and each instance gets them (a class attribute would shadow the field).
    _http_connection = "tagged"
    _keep_alive_set = ("tag",)  # (matches no set_keep_alive call)


class _TaggedMore(_Tagged):
    _http_connection = "more"  # overrides the inherited override


def test_subclass_class_attribute_naming_a_field():
    sock, more, plain = _Tagged(), _TaggedMore(), net.Socket()
    assert sock._http_connection == "tagged" and sock._keep_alive_set == ("tag",)
    assert more._http_connection == "more" and more._keep_alive_set == ("tag",)
    assert plain._http_connection is None and plain._keep_alive_set is None
    sock._http_connection = "set"
    assert sock._http_connection == "set" and _Tagged()._http_connection == "tagged"


def test_vars_and_user_attributes():
    sock = net.Socket()
    sock.user_data = {"a": 1}
    assert vars(sock)["user_data"] == {"a": 1}
    assert sock.user_data == {"a": 1}
    # Field names read their defaults on a fresh socket, whatever vars() lists.
    assert sock.bytes_read == 0 and sock.connecting is False and sock.server is None
    assert sock.consumer is None and sock.pending is True
    del sock.user_data
    assert "user_data" not in vars(sock)


def test_timeout_is_none_until_set():
    sock = net.Socket()
    assert sock.timeout is None
    sock.set_timeout(0)
    assert sock.timeout == 0
    sock.set_timeout(100)
    assert sock.timeout == 100
    sock.set_timeout(0)
    assert sock.timeout == 0


def test_destroyed_then_reconnected_socket_starts_over():
    seen: dict[str, object] = {}

    def main():
        server = net.create_server(lambda conn: conn.on("data", lambda d: conn.write(d)))

        def second_connect(sock, port):
            # The connection state is back to its defaults (the subclass's own
            # default for a field it names) before the new connect.
            sock.connect(port, "127.0.0.1", lambda: sock.write(b"again"))
            seen["after_undestroy"] = (sock.bytes_read, sock.bytes_written,
                                       sock._keep_alive_set, sock.destroyed)

            def on_data(data):
                seen["second"] = (data, sock.bytes_read)
                sock.destroy()
                server.close()

            sock.on("data", on_data)

        def listening():
            port = server.address()["port"]
            sock = _Tagged()
            sock.connect(port, "127.0.0.1", lambda: sock.write(b"hello"))

            def on_data(data):
                seen["first"] = (data, sock.bytes_read, sock.bytes_written)
                sock.remove_listener("data", on_data)
                sock._keep_alive_set = None
                sock.destroy()
                sock.once("close", lambda *_: second_connect(sock, port))

            sock.on("data", on_data)

        server.listen(0, "127.0.0.1", listening)

    run(main, timeout=10)
    assert seen["first"] == (b"hello", 5, 5)
    assert seen["after_undestroy"] == (0, 0, ("tag",), False)
    assert seen["second"] == (b"again", 5)


def test_socket_without_init_raises_attribute_error():
    # Compiled, _rt is a typed C field (None here): nonecheck keeps a read
    # through it an AttributeError, as in pure Python, not a crash.
    class NoInit(net.Socket):
        def __init__(self) -> None:
            pass

    sock = NoInit()
    with pytest.raises(AttributeError):
        sock._touch()
    with pytest.raises(AttributeError):
        sock._switch_timeout(1000)
