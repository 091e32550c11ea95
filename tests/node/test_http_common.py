# Port of Node v20 test/parallel/test-http-common.js.
# Deviations: none. Node's test calls the private
# `_http_common._checkIsHttpToken` and `_checkInvalidHeaderChar`; the port
# calls their NodeKit counterparts in nodekit.http._common.
import pytest

from nodekit.http._common import check_invalid_header_char, check_is_http_token


@pytest.mark.parametrize("name", ["t", "tt", "ttt", "tttt", "ttttt"])
def test_tokens(name):
    assert check_is_http_token(name)


@pytest.mark.parametrize("name", ["", " ", "あ", "あa", "aaaaあaaaa"])
def test_non_tokens(name):
    assert check_is_http_token(name) is False


@pytest.mark.parametrize("value", ["あ", "aaaaあaaaa"])
def test_invalid_header_chars(value):
    assert check_invalid_header_char(value)


@pytest.mark.parametrize("value", ["", 1, " ", False, "t", "tt", "ttt", "tttt", "ttttt"])
def test_no_invalid_header_char(value):
    assert check_invalid_header_char(value) is False
