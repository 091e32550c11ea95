# Port of Node v20 test/parallel/test-http-client-req-error-dont-double-fire.js.
# Deviations: common/dns's errorLookupMock is written out (a lookup that
# calls back with an ENOTFOUND-like error); the host is an invalid name.
from nodekit import http, process


def _error_lookup(hostname, *args):
    cb = args[-1]
    err = OSError(f"getaddrinfo ENOTFOUND {hostname}")
    err.code = "ENOTFOUND"
    err.syscall = "getaddrinfo"
    err.hostname = hostname
    cb(err, None, None)


def test_error_thrown_from_the_error_listener_is_uncaught_once(common):
    err = Exception("mock unexpected code error")

    def on_uncaught(e, *origin):
        assert e is err

    listener = common.must_call(on_uncaught)

    def main():
        process.on("uncaughtException", listener)
        req = http.get({"host": "this-host-does-not-exist.invalid",
                        "lookup": common.must_call(_error_lookup)})

        def on_error(e):
            raise err

        req.on("error", common.must_call(on_error))

    try:
        common.run(main, timeout=5)
    finally:
        process.off("uncaughtException", listener)
