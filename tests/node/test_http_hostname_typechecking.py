# Port of Node v20 test/parallel/test-http-hostname-typechecking.js.
# Deviations: JS values map to {}, [], nan, inf, -inf, True, False, 1, 0 and
# a datetime; the message is checked up to Node's "Received ..." tail. The
# code and class alone are checked in the third test.
import datetime
import math

import pytest

from nodekit import http
from tests.node._common import raises

VALS = [{}, [], math.nan, math.inf, -math.inf, True, False, 1, 0, datetime.datetime.now()]


@pytest.mark.parametrize("key", ["hostname", "host"])
@pytest.mark.parametrize("v", VALS, ids=repr)
def test_non_string_host_throws(key, v):
    raises(lambda: http.request({key: v}), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
           message=f'The "options.{key}" property must be of type string or one of '
                   'undefined or null.')


@pytest.mark.parametrize("key", ["hostname", "host"])
@pytest.mark.parametrize("v", VALS, ids=repr)
def test_non_string_host_throws_invalid_arg_type(key, v):
    raises(lambda: http.request({key: v}), code="ERR_INVALID_ARG_TYPE", cls=TypeError)


@pytest.mark.parametrize("v", ["", None])
def test_empty_or_none_host_is_accepted(v, common):
    def main():
        for key in ("hostname", "host"):
            http.request({key: v}).on("error", lambda err: None).end()

    common.run(main)
