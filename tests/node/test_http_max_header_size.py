# Port of Node v20 test/parallel/test-http-max-header-size.js.
# Deviations: the second half runs `node --max-http-header-size=10`; NodeKit
# has no command-line flag for it (API.md §8/§11 give the option and the
# module constant only), so only http.maxHeaderSize's default is ported.
from nodekit import http


def test_max_header_size_default_is_16_kib():
    assert http.max_header_size == 16 * 1024
