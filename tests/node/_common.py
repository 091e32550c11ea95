"""Node's ``test/common`` for the ported ``test-http-*.js`` files, once.

Each port uses the ``common`` fixture (``tests/node/conftest.py``):

- ``common.must_call(fn=None, n=1)`` — Node's ``common.mustCall``: the
  wrapper must run exactly ``n`` times by the end of the test.
- ``common.must_call_at_least(fn=None, n=1)`` — ``common.mustCallAtLeast``.
- ``common.must_not_call(msg)`` — ``common.mustNotCall``: raises when called
  (inside a listener that makes it uncaught, so ``run()`` raises it) and the
  count is checked at teardown as well.
- ``common.must_succeed(fn=None)`` — ``common.mustSucceed``: a ``(err, ...)``
  callback whose ``err`` must be ``None``, called once.
- ``common.expects_error(code=..., cls=..., message=...)`` —
  ``common.expectsError``: a callback for one error with these properties,
  called once.
- ``common.run(main, timeout=10)`` — ``nodekit.run(main)`` under the
  watchdog of ``tests/conftest.py`` (a loop timer: it fires even on uvloop,
  which swallows the SIGALRM pytest-timeout relies on); a hang fails.
- ``common.PORT`` is 0 and ``common.HOST`` ``'127.0.0.1'``: every server
  binds an ephemeral port on loopback.
- ``has_ipv6()`` (a module function, for skip marks) — ``common.hasIPv6``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from tests.conftest import run as _run

HOST = "127.0.0.1"
PORT = 0


class Common:
    """The per-test ``common`` object; ``verify()`` runs at teardown."""

    HOST = HOST
    PORT = PORT

    def __init__(self) -> None:
        self._checks: list[tuple[str, Callable[[], int], int, bool]] = []

    def run(self, main: Callable[[], Any] | None = None, timeout: float = 10.0) -> None:
        _run(main, timeout)
        # Node checks mustCall counts when the process exits: here, when the
        # loop went idle (inside the test, so an xfail covers them too).
        self.verify()

    def close_global_agent(self) -> None:
        """Node's process exit drops the global agents' sockets (http's and
        https'); here the next test shares the module (and may get the same
        ephemeral port), so they are destroyed inside a loop after every
        test, passed or failed."""
        from nodekit import http, https

        for agent in (http.global_agent, https.global_agent):
            if agent.free_sockets or agent.sockets or agent.requests:
                _run(agent.destroy, 5)

    def _counted(self, fn: Callable[..., Any] | None, n: int, exact: bool,
                 name: str | None = None) -> Callable[..., Any]:
        box = {"n": 0}
        body = fn or (lambda *a, **k: None)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            box["n"] += 1
            return body(*args, **kwargs)

        label = name or getattr(body, "__name__", repr(body))
        wrapper.__name__ = label
        self._checks.append((label, lambda: box["n"], n, exact))
        return wrapper

    def must_call(self, fn: Callable[..., Any] | None = None, n: int = 1) -> Callable[..., Any]:
        return self._counted(fn, n, exact=True)

    def must_call_at_least(self, fn: Callable[..., Any] | None = None,
                           n: int = 1) -> Callable[..., Any]:
        return self._counted(fn, n, exact=False)

    def must_not_call(self, msg: str = "must_not_call") -> Callable[..., Any]:
        def never(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"{msg}: called with {args!r}")

        return self._counted(never, 0, exact=True, name=msg)

    def must_succeed(self, fn: Callable[..., Any] | None = None) -> Callable[..., Any]:
        def succeed(err: Any = None, *args: Any) -> Any:
            assert err is None, f"must_succeed got an error: {err!r}"
            return fn(*args) if fn is not None else None

        return self._counted(succeed, 1, exact=True, name=getattr(fn, "__name__", "succeed"))

    def expects_error(self, code: str | None = None, cls: type | None = None,
                      message: str | None = None, n: int = 1) -> Callable[..., Any]:
        def check(err: Any, *rest: Any) -> None:
            assert_error(err, code=code, cls=cls, message=message)

        return self._counted(check, n, exact=True, name=f"expects_error({code})")

    def listen(self, server: Any, fn: Callable[[int], Any] | None = None) -> Any:
        """``server.listen(0, '127.0.0.1', mustCall(() => fn(port)))``."""

        def on_listening(*_: Any) -> None:
            if fn is not None:
                fn(server.address()["port"])

        return server.listen(PORT, HOST, self.must_call(on_listening))

    def verify(self) -> None:
        for label, count, n, exact in self._checks:
            got = count()
            if exact:
                assert got == n, f"{label} was called {got} times, expected {n}"
            else:
                assert got >= n, f"{label} was called {got} times, expected at least {n}"


def has_ipv6() -> bool:
    """Node's ``common.hasIPv6``: a socket can bind ::1 here."""
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def at(port: int, **options: Any) -> dict[str, Any]:
    """Request options for the loopback server on ``port`` (Node's ``{port}``;
    Node's default host ``localhost`` may resolve to ::1 here)."""
    return {"host": HOST, "port": port, **options}


def assert_error(err: Any, code: str | None = None, cls: type | None = None,
                 message: str | None = None) -> None:
    """Node's ``assert.throws(fn, {code, name, message})`` shape check."""
    assert isinstance(err, BaseException), f"expected an error, got {err!r}"
    if code is not None:
        got = getattr(err, "code", None)
        assert got == code, f"code {got!r} != {code!r}"
    if cls is not None:
        assert isinstance(err, cls), f"{type(err).__name__} is not a {cls.__name__}"
    if message is not None:
        assert message in str(err), f"{message!r} not in {str(err)!r}"


def raises(fn: Callable[[], Any], code: str | None = None, cls: type | None = None,
           message: str | None = None) -> BaseException:
    """Node's ``assert.throws``: ``fn()`` must raise an error of this shape."""
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - checked below
        assert_error(exc, code=code, cls=cls, message=message)
        return exc
    raise AssertionError("expected an error, none was raised")


REQUEST_TIMEOUT_RESPONSE = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"


def expect_response_then_end(common: Common, client: Any, on_done: Callable[[str], Any],
                             data_at_least: bool = False) -> None:
    """The client half of Node's headers/request timeout tests: collect the text
    the server sends (``'data'`` once, or at least once), and at ``'end'`` or
    ``'error'`` (which must be None: Node's mustSucceed) call ``on_done(text)``,
    once."""
    response: list[str] = []
    client.set_encoding("utf8")
    counted = common.must_call_at_least if data_at_least else common.must_call
    client.on("data", counted(response.append))

    def err_or_end(err: Any = None) -> None:
        assert err is None
        on_done("".join(response))

    done = common.must_call(err_or_end)
    client.on("end", done)
    client.on("error", done)


def raw_response_server(common: Any, response: str,
                        then: Callable[[Any, int], Any]) -> None:
    """The server end of Node's ``duplexPair`` in the per-stream tests, on a real
    connection: a net server that dumps the request and answers ``response``;
    ``then(server, port)`` once it listens."""
    from nodekit import net

    def on_connection(sock: Any) -> None:
        sock.resume()  # dump the request
        sock.end(response)

    server = net.create_server(common.must_call(on_connection))
    common.listen(server, lambda port: then(server, port))


def raw_request_client(common: Any, server: Any, head: str) -> None:
    """The client end of Node's ``duplexPair``: once ``server`` listens, a net
    client writes ``head``; the server closes when that connection does."""
    from nodekit import net

    def go(port: int) -> None:
        client = net.connect(port, HOST)
        client.on("connect", lambda: client.write(head))
        client.on("error", lambda err: None)
        client.resume()
        client.on("close", lambda *_: server.close())

    common.listen(server, go)


def duplex_pair() -> tuple[Any, Any]:
    """Node's ``test/common/duplexpair`` (``MakeDuplexPair``): two Duplex streams,
    each writing into the other's readable side. A write's callback waits until
    the other side reads (Node's back-pressure between the two); ``end()`` on one
    side ends the other's readable side, and finishes once that side ended."""
    from nodekit import next_tick
    from nodekit.stream import Duplex

    class DuplexSocket(Duplex):
        def __init__(self) -> None:
            super().__init__()
            self.pending: Callable[[], Any] | None = None
            self.other: DuplexSocket | None = None

        def _read(self, size: int) -> None:
            callback, self.pending = self.pending, None
            if callback is not None:
                callback()

        def _write(self, chunk: Any, encoding: str, callback: Callable[..., Any]) -> None:
            other = self.other
            assert other is not None and other.pending is None
            other.push(chunk)
            if not other.readable_length:
                next_tick(callback)
            else:
                other.pending = callback

        def _final(self, callback: Callable[..., Any]) -> None:
            other = self.other
            other.on("end", callback)
            other.push(None)

    client, server = DuplexSocket(), DuplexSocket()
    client.other, server.other = server, client
    return client, server
