# Port of Node v20 test/parallel/test-http-client-unescaped-path.js.
# Deviations: none.
from nodekit import http
from tests.node._common import raises


def test_control_characters_in_path_throw(common):
    for i in range(33):
        raises(lambda i=i: http.get({"path": f"bad{chr(i)}path"}, common.must_not_call()),
               code="ERR_UNESCAPED_CHARACTERS", cls=TypeError,
               message="Request path contains unescaped characters")
