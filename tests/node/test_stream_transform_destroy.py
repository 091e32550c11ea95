# Port of Node v20 test/parallel/test-stream-transform-destroy.js.
# Deviations: `err === null` in `_destroy` is `err is None`.
# The blocks shared with the other destroy ports live in
# tests/node/_twins/stream_destroy.py.
from tests.node._twins import stream_destroy as body
from tests.node._twins.stream_destroy import TRANSFORM


def test_destroy_closes_without_end_or_finish(common):
    body.destroy(common, TRANSFORM, error=False, resume=True, silent=("end", "finish"),
                 check_destroyed=False)


def test_destroy_with_error(common):
    body.destroy(common, TRANSFORM, error=True, resume=True, silent=("end", "finish"),
                 check_destroyed=False)


def test_own_destroy_passes_the_error_on(common):
    body.own_destroy_passes_error(common, TRANSFORM, silent=("finish",), close=True,
                                  check_destroyed=False)


def test_destroy_option_swallows_the_error(common):
    body.destroy_option_swallows_error(common, TRANSFORM, resume=True,
                                       silent=("end", "finish"), check_destroyed=False)


def test_destroy_without_error_passes_none(common):
    body.destroy_without_error_passes_none(common, TRANSFORM, check_destroyed=False)


def test_end_pushed_from_async_destroy(common):
    body.ending_from_async_destroy(common, TRANSFORM, resume=True, silent=("finish", "end"),
                                   close=True, emitted_later=("end",), check_destroyed=False)


def test_destroy_callback_error_is_emitted(common):
    body.destroy_callback_error_is_emitted(common, TRANSFORM, silent=("finish", "end"),
                                           close=True, check_destroyed=False)
