"""``OutgoingMessage``'s type is Node's (issue 11): a legacy ``Stream``, not a
``Writable``, with the Writable-like members Node's has, each working on a
fresh message, and without the ones Node's lacks (Node v20: ``'writableAborted'
in new http.OutgoingMessage()`` is false)."""

from __future__ import annotations

import pytest
from conftest import run

from nodekit.http import ClientRequest, OutgoingMessage, ServerResponse
from nodekit.stream import Stream, Writable, finished


def test_outgoing_message_is_a_stream_not_a_writable() -> None:
    for cls in (OutgoingMessage, ServerResponse, ClientRequest):
        assert issubclass(cls, Stream)
        assert not issubclass(cls, Writable)


def test_outgoing_message_writable_like_members_work_on_a_fresh_message() -> None:
    msg = OutgoingMessage()
    # Node v20's values for `new http.OutgoingMessage()`.
    assert msg.writable is True
    assert msg.writable_ended is False
    assert msg.writable_finished is False
    assert msg.writable_length == 0
    assert msg.writable_high_water_mark == 16384
    assert msg.writable_corked == 0
    assert msg.writable_need_drain is False
    assert msg.writable_object_mode is False
    assert msg.destroyed is False
    assert msg.closed is False
    assert msg.errored is None
    msg.cork()
    assert msg.writable_corked == 1
    msg.uncork()
    assert msg.writable_corked == 0


@pytest.mark.parametrize("name", ["writable_aborted", "writable_buffer", "set_default_encoding"])
def test_outgoing_message_lacks_what_nodes_lacks(name: str) -> None:
    # Absent, not half-present: on the old Writable base these existed and raised
    # AttributeError from inside (the Writable __init__ never ran).
    assert name not in dir(OutgoingMessage)


def test_outgoing_message_pipe_emits_err_stream_cannot_pipe() -> None:
    msg = OutgoingMessage()
    errors: list[BaseException] = []
    msg.on("error", errors.append)
    msg.pipe(Writable())
    assert [getattr(e, "code", None) for e in errors] == ["ERR_STREAM_CANNOT_PIPE"]


def test_finished_takes_an_outgoing_message_as_a_writable() -> None:
    # stream.finished(res) must wait for the message's 'finish', not treat it
    # as a readable because it has pipe() and on().
    seen: list[object] = []

    def main() -> None:
        msg = OutgoingMessage()
        finished(msg, lambda err=None: seen.append(err))
        msg.emit("finish")

    run(main, timeout=5)
    assert seen == [None]
