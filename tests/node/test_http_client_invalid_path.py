# Port of Node v20 test/parallel/test-http-client-invalid-path.js.
# Deviations: none; Node's TypeError is a Python TypeError (API.md §7).
from nodekit import http
from tests.node._common import raises


def test_path_with_non_latin1_character_throws_unescaped_characters():
    raises(lambda: http.request({"path": "/thisisinvalid\uffe2"}).end(),
           code="ERR_UNESCAPED_CHARACTERS", cls=TypeError)
