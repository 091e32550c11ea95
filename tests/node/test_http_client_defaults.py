# Port of Node v20 test/parallel/test-http-client-defaults.js.
# Deviations: each request is made inside the loop and destroyed after the
# checks (the suite fails a test that leaves a request in flight).
import pytest

from nodekit import http


@pytest.mark.parametrize("options", [{}, {"method": ""}, {"path": ""}])
def test_empty_method_and_path_default_to_get_and_slash(options, common):
    def main():
        req = http.ClientRequest({**options, "create_connection": lambda *a: None})
        assert req.path == "/"
        assert req.method == "GET"
        req.on("error", lambda err: None)
        req.destroy()

    common.run(main)
