# Port of Node v20 test/parallel/test-net-listen-error.js.
# Deviations: none beyond Python spelling.
from nodekit import net


def test_listen_on_a_foreign_address_errors(common):
    def main():
        server = net.create_server(lambda socket: None)
        server.listen(1, "1.1.1.1", common.must_not_call("listening"))  # EACCES or EADDRNOTAVAIL
        server.on("error", common.must_call())

    common.run(main)
