"""Timer durations past 2**31-1 ms (libuv's signed int32), as Node v20.20 does:
``socket.set_timeout`` and ``req.set_timeout`` truncate the timer to TIMEOUT_MAX and
``socket.timeout`` shows the value given; ``set_timeout``/``set_interval`` run the
callback after 1 ms. Each emits a ``TimeoutOverflowWarning`` on process ``'warning'``
(next tick), and through Python's ``warnings`` at the application's line. Expected
values are what ``node`` v20.20 printed for the same calls.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import nodekit
from nodekit import net, process
from nodekit.errors import NodeWarning, TimeoutOverflowWarning
from tests.conftest import run

TRUNCATED = ("{} does not fit into a 32-bit signed integer.\n"
             "Timer duration was truncated to 2147483647.")


def _collect(main: Any) -> list[NodeWarning]:
    heard: list[NodeWarning] = []

    def wrapped() -> None:
        process.on("warning", heard.append)
        try:
            main()
        finally:
            nodekit.next_tick(process.remove_listener, "warning", heard.append)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run(wrapped, timeout=5)
    return heard


def test_a_socket_timeout_past_the_top_is_truncated_and_shown_as_given() -> None:
    seen: list[Any] = []

    def main() -> None:
        sock = net.Socket()
        sock.set_timeout(2 ** 31)
        seen.append(sock.timeout)
        sock.set_timeout(2 ** 32 + 5)
        seen.append(sock.timeout)
        sock.set_timeout(1000)
        seen.append(sock.timeout)
        sock.set_timeout(0)
        sock.destroy()

    heard = _collect(main)
    assert seen == [2 ** 31, 2 ** 32 + 5, 1000]
    assert [(w.name, str(w)) for w in heard] == [
        ("TimeoutOverflowWarning", TRUNCATED.format(2 ** 31)),
        ("TimeoutOverflowWarning", TRUNCATED.format(2 ** 32 + 5))]
    assert all(isinstance(w, TimeoutOverflowWarning) and __file__ in w.stack for w in heard)


def test_a_connected_socket_past_the_top_does_not_time_out_at_once() -> None:
    # Node v20.20: the timer runs 2**31-1 ms (older releases fired it after 1 ms).
    seen: list[Any] = []

    def main() -> None:
        def on_connection(conn: net.Socket) -> None:
            conn.set_timeout(2 ** 31)
            seen.append(conn.timeout)
            conn.on("timeout", lambda: seen.append("timeout"))
            nodekit.set_timeout(lambda: (conn.destroy(), server.close()), 100)

        server = net.create_server(on_connection)

        def go() -> None:
            client = net.connect(server.address()["port"], "127.0.0.1")
            client.on("error", lambda err: None)

        server.listen(0, "127.0.0.1", go)

    _collect(main)
    assert seen == [2 ** 31]


def test_a_timer_past_the_top_fires_after_1_ms_with_a_warning() -> None:
    seen: list[str] = []

    def main() -> None:
        nodekit.set_timeout(lambda: seen.append("fired"), 2 ** 31)

    heard = _collect(main)
    assert seen == ["fired"]
    assert [str(w) for w in heard] == [
        f"{2 ** 31} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1."]


def test_the_top_itself_and_nan_warn_nothing() -> None:
    def main() -> None:
        sock = net.Socket()
        sock.set_timeout(2 ** 31 - 1)
        assert sock.timeout == 2 ** 31 - 1
        sock.destroy()
        nodekit.clear_timeout(nodekit.set_timeout(lambda: None, 2 ** 31 - 1))
        nodekit.set_timeout(lambda: None, float("nan"))

    assert _collect(main) == []


def test_pythons_warning_names_the_applications_line() -> None:
    def main() -> None:
        net.Socket().set_timeout(2 ** 40)

    with pytest.warns(TimeoutOverflowWarning) as record:
        run(main, timeout=5)
    assert record[0].filename == __file__


def test_emit_warning_takes_a_string_and_a_type() -> None:
    heard = _collect(lambda: process.emit_warning("something odd", "DeprecationWarning", "DEP0"))
    assert [(w.name, str(w), w.code) for w in heard] == [
        ("DeprecationWarning", "something odd", "DEP0")]
