# Port of Node v20 test/parallel/test-http-url.parse-only-support-http-https-protocol.js.
# Deviations: url.parse(invalid) is the options dict urllib.parse.urlsplit
# gives (protocol, hostname, port, path: url.parse's fields http.request reads).
from urllib.parse import urlsplit

import pytest

from nodekit import http
from tests.node._common import raises

INVALID_URLS = ["file:///whatever", "mailto:asdf@asdf.com", "ftp://www.example.com",
                "javascript:alert('hello');", "xmpp:foo@bar.com", "f://some.host/path"]


def _url_parse(url):
    parts = urlsplit(url)
    return {"protocol": parts.scheme + ":", "hostname": parts.hostname, "port": parts.port,
            "path": parts.path or None}


@pytest.mark.parametrize("invalid", INVALID_URLS)
def test_other_protocols_are_err_invalid_protocol(invalid):
    raises(lambda: http.request(_url_parse(invalid)), code="ERR_INVALID_PROTOCOL",
           cls=TypeError)
