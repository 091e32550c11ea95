# Port of Node v20 test/parallel/test-http-dns-error.js.
# Deviations: none.
import pytest

from nodekit import http, https

HOST = "*" * 64
MAX_TRIES = 5
CODES = ("ENOTFOUND", "EAI_FAIL")


def _try(common, mod, make, tries=0):
    req = make(mod)

    def on_error(err):
        if err.code == "EAGAIN" and tries < MAX_TRIES:
            _try(common, mod, make, tries + 1)
            return
        assert err.code in CODES, err

    req.on("error", common.must_call(on_error))


def _get(mod):
    # A bad host name must not raise: there is time to attach an 'error' listener.
    return mod.get({"host": HOST, "port": 42}, _never)


def _request(mod):
    req = mod.request({"method": "GET", "host": HOST, "port": 42}, _never)
    req.end()
    return req


def _never(*args):
    raise AssertionError(f"must not call: {args!r}")


@pytest.mark.parametrize("mod", [http, https], ids=["http", "https"])
def test_a_bad_host_name_is_an_error_event(common, mod):
    def main():
        _try(common, mod, _get)
        _try(common, mod, _request)

    common.run(main)
