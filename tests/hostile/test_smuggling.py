"""Request smuggling: Content-Length + Transfer-Encoding in every order and disguise,
duplicated and malformed Content-Length, and requests pipelined after
``Connection: close``. For each vector: the answer, exactly the requests the
application should see (with their bodies), the connection closed after an
error, and the server still serving the next client (see ``vectors.py``)."""

from __future__ import annotations

import pytest

from .harness import check_vector, vector_params
from .vectors import family


@pytest.mark.parametrize("vec", vector_params(family("CL+TE")))
def test_cl_te(vec):
    check_vector(vec)


@pytest.mark.parametrize("vec", vector_params(family("Content-Length")))
def test_content_length(vec):
    check_vector(vec)


@pytest.mark.parametrize("vec", vector_params(family("Pipelining after close")))
def test_pipelining_after_close(vec):
    check_vector(vec)
