# Port of Node v20 test/parallel/test-net-connect-no-arg.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import raises

MESSAGE = 'The "options" or "port" or "path" argument must be specified'


def test_connect_without_port_or_path_raises(common):
    def main():
        for fn in (lambda: net.connect(), lambda: net.Socket().connect(),
                   lambda: net.connect({}), lambda: net.Socket().connect({})):
            raises(fn, code="ERR_MISSING_ARGS", message=MESSAGE)

    common.run(main)
