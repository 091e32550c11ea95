# Port of Node v20 test/parallel/test-http-write-head-2.js.
# Deviations: writeHead(200, undefined, [...]) is write_head(200, None, [...]).
# The four blocks are four tests.
from tests.node._twins.http_siblings import serve_and_check


def _serve(common, handler, check):
    serve_and_check(common, handler, check)


def test_write_head_array_overrides_set_header(common):
    def handler(req, res):
        res.set_header("test", "1")
        res.write_head(200, ["test", "2", "test2", "2"])
        res.end()

    def check(res):
        assert res.headers["test"] == "2"
        assert res.headers["test2"] == "2"

    _serve(common, handler, check)


def test_write_head_flat_array(common):
    def handler(req, res):
        res.write_head(200, ["test", "1", "test2", "2"])
        res.end()

    def check(res):
        assert res.headers["test"] == "1"
        assert res.headers["test2"] == "2"

    _serve(common, handler, check)


def test_an_odd_flat_array_is_err_invalid_arg_value(common):
    def handler(req, res):
        try:
            res.write_head(200, ["test", "1", "test2", "2", "asd"])
        except Exception as err:  # noqa: BLE001 - Node's try/catch
            assert err.code == "ERR_INVALID_ARG_VALUE"
        res.end()

    _serve(common, handler, lambda res: None)


def test_no_status_message_then_a_flat_array(common):
    def handler(req, res):
        res.write_head(200, None, ["foo", "bar"])
        res.end()

    def check(res):
        assert res.status_message == "OK"
        assert res.status_code == 200
        assert res.headers["foo"] == "bar"

    _serve(common, handler, check)
