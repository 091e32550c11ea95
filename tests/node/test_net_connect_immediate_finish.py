# Port of Node v20 test/parallel/test-net-connect-immediate-finish.js.
# Deviations: common/dns's errorLookupMock is written out here (a lookup
# that answers ENOTFOUND / getaddrinfo for the host it is given).
from nodekit import net

INVALID_HOST = "something.invalid"


def error_lookup_mock(code="ENOTFOUND", syscall="getaddrinfo"):
    def lookup(hostname, options, cb):
        err = Exception(f"{syscall} {code} {hostname}")
        err.code = code
        err.errno = code
        err.syscall = syscall
        err.hostname = hostname
        cb(err)

    return lookup


def test_lookup_error_after_immediate_end(common):
    def main():
        client = net.connect({"host": INVALID_HOST, "port": 80,
                              "lookup": common.must_call(error_lookup_mock())},
                             common.must_not_call())

        def on_error(error):
            assert not hasattr(error, "port")
            assert not hasattr(error, "host")
            assert error.code == "ENOTFOUND"
            assert error.errno == "ENOTFOUND"
            assert error.syscall == "getaddrinfo"
            assert error.hostname == INVALID_HOST
            assert str(error) == "getaddrinfo ENOTFOUND something.invalid"

        client.once("error", common.must_call(on_error))
        client.end()

    common.run(main)
