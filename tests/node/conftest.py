"""Fixtures for the ports of Node's own ``test-http-*.js`` (see ``_common``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.node._common import Common


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    if call.when == "call":
        item.stash[_CALL_FAILED] = outcome.get_result().failed or bool(call.excinfo)


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def common(request: pytest.FixtureRequest) -> Iterator[Common]:
    c = Common()
    yield c
    c.close_global_agent()
    # A test that already failed is not also reported as a teardown error.
    if not request.node.stash.get(_CALL_FAILED, False):
        c.verify()
