# Port of Node v20 test/parallel/test-http-response-setheaders.js.
# Deviations: Node's Headers and Map objects are a Python mapping (API.md
# §11: res.set_headers(mapping)); a plain JS object, which Node rejects,
# has no separate Python form, so the rejected values are a list, None, a
# str and an int.
import pytest

from tests.node._common import raises
from tests.node._twins.http_siblings import serve_and_check


def _serve(common, handler, check):
    serve_and_check(common, handler, check, {"require_host_header": False})


def test_set_headers_after_write_head_throws(common):
    def handler(req, res):
        res.write_head(200)
        raises(lambda: res.set_headers({"foo": "1"}), code="ERR_HTTP_HEADERS_SENT")
        res.end()

    _serve(common, handler, lambda res: _eq(res.headers.get("foo"), None))


@pytest.mark.parametrize("value", [["foo", "1"], None, "test", 1], ids=repr)
def test_set_headers_rejects_non_mappings(value, common):
    def handler(req, res):
        raises(lambda: res.set_headers(value), code="ERR_INVALID_ARG_TYPE")
        res.end()

    _serve(common, handler, lambda res: _eq(res.headers.get("foo"), None))


def test_set_headers_from_a_mapping(common):
    def handler(req, res):
        res.set_headers({"foo": "1", "bar": "2"})
        res.write_head(200)
        res.end()

    def check(res):
        assert res.status_code == 200
        assert res.headers["foo"] == "1"
        assert res.headers["bar"] == "2"

    _serve(common, handler, check)


def test_write_head_overrides_set_headers(common):
    def handler(req, res):
        res.set_headers({"foo": "1", "bar": "2"})
        res.write_head(200, ["foo", "3"])
        res.end()

    def check(res):
        assert res.status_code == 200
        assert res.headers["foo"] == "3"
        assert res.headers["bar"] == "2"

    _serve(common, handler, check)


def _eq(a, b):
    assert a == b
