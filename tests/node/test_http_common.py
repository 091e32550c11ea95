# Port of Node v20 test/parallel/test-http-common.js.
# Deviations: Node calls the private `_http_common._checkIsHttpToken` and
# `_checkInvalidHeaderChar`; NodeKit's public counterparts are
# http.validate_header_name and http.validate_header_value (Node's
# validateHeaderName/Value, built on the same two checks), which raise
# ERR_INVALID_HTTP_TOKEN / ERR_INVALID_CHAR where the checks return false / true.
import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.parametrize("name", ["t", "tt", "ttt", "tttt", "ttttt"])
def test_tokens_are_valid_header_names(name):
    http.validate_header_name(name)


@pytest.mark.parametrize("name", ["", " ", "あ", "あa", "aaaaあaaaa"])
def test_non_tokens_are_invalid_header_names(name):
    raises(lambda: http.validate_header_name(name), code="ERR_INVALID_HTTP_TOKEN",
           cls=TypeError)


@pytest.mark.parametrize("value", ["あ", "aaaaあaaaa"])
def test_non_latin1_values_are_invalid_header_chars(value):
    raises(lambda: http.validate_header_value("x", value), code="ERR_INVALID_CHAR",
           cls=TypeError)


@pytest.mark.parametrize("value", ["", 1, " ", False, "t", "tt", "ttt", "tttt", "ttttt"])
def test_plain_values_have_no_invalid_char(value):
    http.validate_header_value("x", value)
