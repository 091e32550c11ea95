# Port of Node v20 test/parallel/test-http-incoming-matchKnownFields.js.
# Deviations: Node feeds header lines one at a time to the private
# IncomingMessage._addHeaderLine; the port gives the same lines to
# nodekit.http._common.headers_from_raw, which builds `headers` from the raw
# list. JS `undefined` is None. Where the contract (API.md §6) differs on
# purpose, the port asserts the contract: `cookie` is a list, like
# `set-cookie` (Node joins it with '; ').
import pytest

from nodekit.http._common import headers_from_raw

CONTRACT = {
    ("Cookie", None): {"cookie": [None]},
    ("cookie", "value"): {"cookie": ["test", "value"]},
}

CASES = [
    ("", {"": None}, None),
    ("Content-Type", {"content-type": None}, None),
    ("content-type", {"content-type": "test"}, "value"),
    ("User-Agent", {"user-agent": None}, None),
    ("user-agent", {"user-agent": "test"}, "value"),
    ("Referer", {"referer": None}, None),
    ("referer", {"referer": "test"}, "value"),
    ("Host", {"host": None}, None),
    ("host", {"host": "test"}, "value"),
    ("Authorization", {"authorization": None}, None),
    ("authorization", {"authorization": "test"}, "value"),
    ("Proxy-Authorization", {"proxy-authorization": None}, None),
    ("proxy-authorization", {"proxy-authorization": "test"}, "value"),
    ("If-Modified-Since", {"if-modified-since": None}, None),
    ("if-modified-since", {"if-modified-since": "test"}, "value"),
    ("If-Unmodified-Since", {"if-unmodified-since": None}, None),
    ("if-unmodified-since", {"if-unmodified-since": "test"}, "value"),
    ("Form", {"form": None}, None),
    ("form", {"form": "test, value"}, "value"),
    ("Location", {"location": None}, None),
    ("location", {"location": "test"}, "value"),
    ("Max-Forwards", {"max-forwards": None}, None),
    ("max-forwards", {"max-forwards": "test"}, "value"),
    ("Retry-After", {"retry-after": None}, None),
    ("retry-after", {"retry-after": "test"}, "value"),
    ("Etag", {"etag": None}, None),
    ("etag", {"etag": "test"}, "value"),
    ("Last-Modified", {"last-modified": None}, None),
    ("last-modified", {"last-modified": "test"}, "value"),
    ("Server", {"server": None}, None),
    ("server", {"server": "test"}, "value"),
    ("Age", {"age": None}, None),
    ("age", {"age": "test"}, "value"),
    ("Expires", {"expires": None}, None),
    ("expires", {"expires": "test"}, "value"),
    ("Set-Cookie", {"set-cookie": [None]}, None),
    ("set-cookie", {"set-cookie": ["test", "value"]}, "value"),
    ("Transfer-Encoding", {"transfer-encoding": None}, None),
    ("transfer-encoding", {"transfer-encoding": "test, value"}, "value"),
    ("Date", {"date": None}, None),
    ("date", {"date": "test, value"}, "value"),
    ("Connection", {"connection": None}, None),
    ("connection", {"connection": "test, value"}, "value"),
    ("Cache-Control", {"cache-control": None}, None),
    ("cache-control", {"cache-control": "test, value"}, "value"),
    ("Transfer-Encoding", {"transfer-encoding": None}, None),
    ("transfer-encoding", {"transfer-encoding": "test, value"}, "value"),
    ("Vary", {"vary": None}, None),
    ("vary", {"vary": "test, value"}, "value"),
    ("Content-Encoding", {"content-encoding": None}, None),
    ("content-encoding", {"content-encoding": "test, value"}, "value"),
    ("Cookie", {"cookie": None}, None),
    ("cookie", {"cookie": "test; value"}, "value"),
    ("Origin", {"origin": None}, None),
    ("origin", {"origin": "test, value"}, "value"),
    ("Upgrade", {"upgrade": None}, None),
    ("upgrade", {"upgrade": "test, value"}, "value"),
    ("Expect", {"expect": None}, None),
    ("expect", {"expect": "test, value"}, "value"),
    ("If-Match", {"if-match": None}, None),
    ("if-match", {"if-match": "test, value"}, "value"),
    ("If-None-Match", {"if-none-match": None}, None),
    ("if-none-match", {"if-none-match": "test, value"}, "value"),
    ("Accept", {"accept": None}, None),
    ("accept", {"accept": "test, value"}, "value"),
    ("Accept-Encoding", {"accept-encoding": None}, None),
    ("accept-encoding", {"accept-encoding": "test, value"}, "value"),
    ("Accept-Language", {"accept-language": None}, None),
    ("accept-language", {"accept-language": "test, value"}, "value"),
    ("X-Forwarded-For", {"x-forwarded-for": None}, None),
    ("x-forwarded-for", {"x-forwarded-for": "test, value"}, "value"),
    ("X-Forwarded-Host", {"x-forwarded-host": None}, None),
    ("x-forwarded-host", {"x-forwarded-host": "test, value"}, "value"),
    ("X-Forwarded-Proto", {"x-forwarded-proto": None}, None),
    ("x-forwarded-proto", {"x-forwarded-proto": "test, value"}, "value"),
    ("X-Foo", {"x-foo": None}, None),
    ("x-foo", {"x-foo": "test, value"}, "value"),
]


@pytest.mark.parametrize("field,result,value", CASES)
def test_duplicates_merge_by_kind(field, result, value):
    raw = [field, "test"] if value else []
    raw += [field, value]
    assert headers_from_raw(raw) == CONTRACT.get((field, value), result)
