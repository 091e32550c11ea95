# Port of Node v20 test/parallel/test-http-set-max-idle-http-parser.js.
# Deviations: JS's Symbol(), {}, [], () => {}, 1n, true, '1', null, undefined
# are object(), {}, [], a lambda, True, '1' and None; -Infinity is -math.inf.
# Node reads the pool size back from the internal _http_common.parsers.max;
# NodeKit has no such pool (its docstring says so), so only the validation
# and the accepted values are ported.
import math

import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.parametrize("value", [object(), {}, [], lambda: None, True, "1", None],
                         ids=repr)
def test_a_non_number_is_err_invalid_arg_type(value):
    raises(lambda: http.set_max_idle_http_parsers(value), code="ERR_INVALID_ARG_TYPE")


@pytest.mark.parametrize("value", [-1, -math.inf, math.nan, 0, 1.1], ids=repr)
def test_out_of_range_is_err_out_of_range(value):
    raises(lambda: http.set_max_idle_http_parsers(value), code="ERR_OUT_OF_RANGE")


@pytest.mark.parametrize("value", [1, 1000, 2.0, 2**53 - 1], ids=repr)
def test_an_integer_from_one_is_accepted(value):
    assert http.set_max_idle_http_parsers(value) is None
