# Port of Node v20 test/parallel/test-http-invalidheaderfield2.js.
# Deviations: none. Node's test calls the private `_http_common`
# `_checkIsHttpToken` and `_checkInvalidHeaderChar`; the port calls their
# NodeKit counterparts in nodekit.http._common.
import pytest

from nodekit.http._common import check_invalid_header_char, check_is_http_token

TOKENS = ["TCN", "ETag", "date", "alt-svc", "Content-Type", "0", "Set-Cookie2", "Set_Cookie",
          "foo`bar^", "foo|bar", "~foobar", "FooBar!", "#Foo", "$et-Cookie", "%%Test%%",
          "Test&123", "It's_fun", "2*3", "4+2", "3.14159265359"]
NON_TOKENS = [":", "@@", "中文呢", "((((())))", ":alternate-protocol", "alternate-protocol:",
              "foo\nbar", "foo\rbar", "foo\r\nbar", "foo\x00bar", "\x7fMe!", "{Start", "(Start",
              "[Start", "End}", "End)", "End]", '"Quote"', "This,That"]
VALID_VALUES = ["foo bar", "foo\tbar", "0123456789ABCdef", "!@#$%^&*()-_=+\\;':\"[]{}<>,./?|~`"]
INVALID_VALUES = ["foo\rbar", "foo\nbar", "foo\r\nbar", "中文呢", "\x7fMe!", "Testing 123\x00",
                  "foo\vbar", "Ding!\x07"]


@pytest.mark.parametrize("s", TOKENS)
def test_tokens(s):
    assert check_is_http_token(s) is True, f"check_is_http_token({s!r}) unexpectedly failed"


@pytest.mark.parametrize("s", NON_TOKENS)
def test_non_tokens(s):
    assert check_is_http_token(s) is False, f"check_is_http_token({s!r}) unexpectedly succeeded"


@pytest.mark.parametrize("s", VALID_VALUES)
def test_valid_values(s):
    assert check_invalid_header_char(s) is False


@pytest.mark.parametrize("s", INVALID_VALUES)
def test_invalid_values(s):
    assert check_invalid_header_char(s) is True
