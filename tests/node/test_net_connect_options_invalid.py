# Port of Node v20 test/parallel/test-net-connect-options-invalid.js.
# Deviations: the option names are NodeKit's (object_mode, ...); the
# message names them as written.
import pytest

from nodekit import net
from tests.node._common import raises


@pytest.mark.parametrize("key", ["object_mode", "readable_object_mode", "writable_object_mode"])
def test_object_mode_options_are_rejected(key):
    raises(lambda: net.create_connection({"port": 8080, key: True}),
           code="ERR_INVALID_ARG_VALUE", cls=TypeError,
           message=f"The property 'options.{key}' is not supported. Received True")
