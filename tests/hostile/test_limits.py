"""Oversized request line and header section (431), header count limits, and Host
validation as RFC 9112 §3.2 demands (rows of ``vectors.py``)."""

from __future__ import annotations

import pytest

from .harness import check_vector, vector_params
from .vectors import family


@pytest.mark.parametrize("vec", vector_params(family("Size limits")))
def test_size_limits(vec):
    check_vector(vec)


@pytest.mark.parametrize("vec", vector_params(family("Host")))
def test_host(vec):
    check_vector(vec)
