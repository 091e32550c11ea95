# Port of Node v20 test/parallel/test-http-invalid-urls.js.
# Deviations: the https half waits for NodeKit's https (API.md §9).
import pytest

from nodekit import http
from tests.node._common import raises


@pytest.mark.parametrize("host", ["www.nodejs.org", "localhost", "127.0.0.1", "http://:80/"])
@pytest.mark.parametrize("fn", ["get", "request"])
def test_strings_that_are_not_urls_throw_invalid_url(fn, host, common):
    raises(lambda: getattr(http, fn)(host, common.must_not_call(f"should not connect to {host}")),
           cls=TypeError, code="ERR_INVALID_URL")
