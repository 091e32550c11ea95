# Port of Node v20 test/parallel/test-http-header-validators.js.
# Deviations: JS `undefined` is None.
import pytest

from nodekit import http
from tests.node._common import raises


def test_validators_are_exported_functions():
    assert callable(http.validate_header_name)
    assert callable(http.validate_header_value)


@pytest.mark.parametrize("name", ["user-agent", "USER-AGENT", "User-Agent", "x-forwarded-for"])
def test_valid_names_pass(name):
    http.validate_header_name(name)


@pytest.mark.parametrize("name", ["איקס-פורוורד-פור", "x-forwarded-fםr"])
def test_non_token_names_throw(name):
    raises(lambda: http.validate_header_name(name), code="ERR_INVALID_HTTP_TOKEN")


@pytest.mark.parametrize("name,value", [("x-valid", 1), ("x-valid", "1"), ("x-valid", "string")])
def test_valid_values_pass(name, value):
    http.validate_header_value(name, value)


@pytest.mark.parametrize("name,value,code", [
    ("x-undefined", None, "ERR_HTTP_INVALID_HEADER_VALUE"),
    ("x-bad-char", "לא תקין", "ERR_INVALID_CHAR"),
])
def test_invalid_values_throw(name, value, code):
    raises(lambda: http.validate_header_value(name, value), code=code)
