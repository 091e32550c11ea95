# Port of Node v20 test/parallel/test-http-correct-hostname.js.
# Deviations: Node reads req[kOutHeaders] (internal); the public
# get_header('host') shows the same value. https is left out (NodeKit's
# https is API.md §9, ported with test-https-*).
from nodekit import http


def test_percent_encoded_backtick_in_url_host_is_decoded(common):
    def main():
        req = http.request("http://example.com%60x.example.com",
                           common.must_not_call("should not connect"))
        assert req.get_header("host") == "example.com`x.example.com"
        req.on("error", lambda err: None)
        req.abort()

    common.run(main)
