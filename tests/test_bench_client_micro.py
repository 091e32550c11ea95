"""bench/client_micro.py, the client's per-request cost tool, still drives
the client: every request is answered and ends, one or many in flight."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from conftest import run

_PATH = pathlib.Path(__file__).parent.parent / "bench" / "client_micro.py"
_spec = importlib.util.spec_from_file_location("client_micro", _PATH)
client_micro = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(client_micro)


@pytest.mark.parametrize("inflight", [1, 5])
def test_client_micro_completes_every_request(inflight):
    assert client_micro.drive(40, inflight, run) > 0
