# Port of Node v20 test/parallel/test-net-better-error-messages-listen.js.
# Deviations: none (1.1.1.1 is not a local address, so bind() fails).
from nodekit import net


def test_listen_error_names_address_port_syscall(common):
    def main():
        server = net.create_server(common.must_not_call())
        server.listen(1, "1.1.1.1", common.must_not_call())

        def on_error(e):
            assert e.address == "1.1.1.1"
            assert e.port == 1
            assert e.syscall == "listen"

        server.on("error", common.must_call(on_error))

    common.run(main)
