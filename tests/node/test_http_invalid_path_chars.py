# Port of Node v20 test/parallel/test-http-invalid-path-chars.js.
# Deviations: none (every prefix length 0..39, every code point 0..32).
import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.parametrize("length", range(40))
def test_control_characters_and_space_in_path_throw(length):
    prefix = "a" * length
    for cp in range(33):
        raises(lambda cp=cp: http.request({"path": prefix + chr(cp)}, None),
               code="ERR_UNESCAPED_CHARACTERS", cls=TypeError,
               message="Request path contains unescaped characters")
