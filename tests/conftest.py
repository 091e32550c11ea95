"""Shared test harness.

- Every test runs on the loop chosen by ``NODEKIT_LOOP`` (``uvloop`` or
  ``asyncio``) or by ``--loop``; ``make test`` runs the suite once on each.
- ``run(main, timeout)`` runs ``nodekit.run(main)`` with a watchdog that fails
  the test instead of hanging.
- ``when(condition, then)`` polls in the loop until ``condition()`` holds
  (bounded), instead of a fixed delay that races under load.
- ``must_call`` (Node's ``common.mustCall``) wraps a callback and fails the
  test at teardown unless it ran exactly the expected number of times.
- After each test, NodeKit's loop is closed and nothing may be left ref'd.
- A cluster test (every test in tests/cluster, and any test whose name says
  cluster) fails if a process it started outlives it (``no_strays``).
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nodekit import runtime


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--loop", choices=["uvloop", "asyncio"], default=None,
                     help="event loop for NodeKit (default: $NODEKIT_LOOP or uvloop)")


def pytest_configure(config: pytest.Config) -> None:
    loop = config.getoption("--loop")
    if loop:
        os.environ["NODEKIT_LOOP"] = loop


def pytest_report_header(config: pytest.Config) -> str:
    return f"nodekit loop: {os.environ.get('NODEKIT_LOOP', 'uvloop')}"


class Watchdog(Exception):
    pass


def run(main: Callable[[], Any] | None = None, timeout: float = 10.0) -> None:
    """``nodekit.run(main)``, failing with ``Watchdog`` after ``timeout`` seconds."""

    def expire() -> None:
        # Straight to the run, not through 'uncaughtException': a test that
        # listens for that event would swallow the watchdog and hang.
        runtime.current()._stop_with(Watchdog(f"run() did not go idle within {timeout}s"))

    def start() -> Any:
        runtime.set_timeout(expire, timeout * 1000).unref()
        if main is not None:
            return main()
        return None

    runtime.run(start)


def when(condition: Callable[[], bool], then: Callable[[], Any], timeout: float = 10.0,
         every_ms: float = 10) -> None:
    """In the loop: call ``then()`` once ``condition()`` is true, checked every
    ``every_ms``. For a wait on what a peer or the kernel does (a FIN seen, a
    pooled socket dropped, bytes arrived), where a fixed delay races on a
    loaded machine. After ``timeout`` seconds ``then()`` runs anyway, so its
    own assertions report what did not happen (keep it under the run's
    watchdog)."""
    deadline = time.monotonic() + timeout

    def poll() -> None:
        if condition() or time.monotonic() >= deadline:
            then()
        else:
            runtime.set_timeout(poll, every_ms)

    runtime.set_timeout(poll, every_ms)


class MustCall:
    def __init__(self) -> None:
        self.checks: list[tuple[Callable[..., Any], int, str]] = []

    def __call__(self, fn: Callable[..., Any] | None = None, times: int = 1) -> Any:
        counter = {"n": 0}
        fn = fn or (lambda *a, **k: None)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counter["n"] += 1
            return fn(*args, **kwargs)

        name = getattr(fn, "__name__", repr(fn))
        self.checks.append((lambda: counter["n"], times, name))
        wrapper.__name__ = name
        return wrapper

    def never(self, fn: Callable[..., Any] | None = None) -> Any:
        return self(fn, times=0)

    def verify(self) -> None:
        for count, times, name in self.checks:
            n = count()
            assert n == times, f"{name} was called {n} times, expected {times}"


@pytest.fixture
def must_call() -> Iterator[MustCall]:
    mc = MustCall()
    yield mc
    mc.verify()


@pytest.fixture(autouse=True)
def fresh_loop() -> Iterator[None]:
    runtime.reset()
    yield
    rt = runtime._runtimes.get(runtime._default_loop) if runtime._default_loop else None
    leaked = rt.refs if rt is not None else 0
    runtime.reset()
    assert leaked <= 0, f"{leaked} ref'd handle(s) left open by the test"


# -- cluster tests: no child process may outlive its test ------------------------
TAG_ENV = "NODEKIT_TEST_TAG"
# How long a test's processes may take to end after the test.
STRAY_GRACE = 5.0


def tagged(tag: str) -> list[int]:
    """Live processes (not zombies) whose environment carries ``tag``."""
    needle = f"{TAG_ENV}={tag}\0".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def starts_workers(item: pytest.Item) -> bool:
    """The tests ``no_strays`` watches: tests/cluster's, and any named for cluster."""
    return item.path.parent.name == "cluster" or "cluster" in item.name


@pytest.fixture(autouse=True)
def no_strays(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
              ) -> Iterator[str | None]:
    """For a cluster test: tag its children (``NODEKIT_TEST_TAG=<unique>`` in
    the environment they inherit, so an orphaned grandchild too); after it,
    fail if one is still running, and kill it."""
    if not starts_workers(request.node):
        yield None
        return
    tag = uuid.uuid4().hex
    monkeypatch.setenv(TAG_ENV, tag)
    yield tag
    deadline = time.monotonic() + STRAY_GRACE
    left = tagged(tag)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = tagged(tag)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, f"child process(es) {left} outlived the test"
