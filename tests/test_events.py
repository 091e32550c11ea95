"""nodekit.events: EventEmitter and events.once, in the spirit of Node's
test/parallel/test-event-emitter-*.js (our own cases, checked against Node 20)."""

from __future__ import annotations

import asyncio
import inspect
import math
import warnings

import pytest
from conftest import run

from nodekit import events, runtime
from nodekit.errors import NodeError
from nodekit.events import EventEmitter, MaxListenersExceededWarning

# -- adding and order ----------------------------------------------------------


def test_listeners_run_in_the_order_they_were_added():
    ee = EventEmitter()
    calls = []
    ee.on("foo", lambda: calls.append("a"))
    ee.add_listener("foo", lambda: calls.append("b"))
    ee.on("foo", lambda: calls.append("c"))
    ee.emit("foo")
    assert calls == ["a", "b", "c"]


def test_emit_passes_all_arguments_to_every_listener():
    ee = EventEmitter()
    got = []
    ee.on("foo", lambda *a: got.append(a))
    ee.on("foo", lambda *a: got.append(a))
    ee.emit("foo", 1, "two", None)
    assert got == [(1, "two", None), (1, "two", None)]


def test_prepend_listener_runs_before_existing_listeners():
    ee = EventEmitter()
    calls = []
    ee.on("foo", lambda: calls.append("a"))
    ee.on("foo", lambda: calls.append("b"))
    ee.prepend_listener("foo", lambda: calls.append("first"))
    ee.emit("foo")
    assert calls == ["first", "a", "b"]


def test_prepend_once_listener_runs_first_and_only_once():
    ee = EventEmitter()
    calls = []
    ee.on("foo", lambda: calls.append("a"))
    ee.prepend_once_listener("foo", lambda: calls.append("once"))
    ee.emit("foo")
    ee.emit("foo")
    assert calls == ["once", "a", "a"]


def test_same_listener_added_twice_is_called_twice():
    ee = EventEmitter()
    calls = []

    def f():
        calls.append(1)

    ee.on("foo", f)
    ee.on("foo", f)
    ee.emit("foo")
    assert calls == [1, 1]
    assert ee.listener_count("foo") == 2


def test_adding_methods_return_the_emitter_for_chaining():
    ee = EventEmitter()

    def f():
        pass

    assert ee.on("a", f) is ee
    assert ee.add_listener("a", f) is ee
    assert ee.once("a", f) is ee
    assert ee.prepend_listener("a", f) is ee
    assert ee.prepend_once_listener("a", f) is ee
    assert ee.off("a", f) is ee
    assert ee.remove_listener("a", f) is ee
    assert ee.remove_all_listeners("a") is ee
    assert ee.remove_all_listeners() is ee
    assert ee.set_max_listeners(5) is ee


def test_non_callable_listener_raises_err_invalid_arg_type():
    ee = EventEmitter()
    for add in (ee.on, ee.once, ee.prepend_listener, ee.prepend_once_listener):
        with pytest.raises(TypeError) as info:
            add("foo", "not a function")
        assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert ee.listener_count("foo") == 0


def test_listener_added_during_emit_is_not_called_by_that_emit():
    ee = EventEmitter()
    calls = []

    def first():
        calls.append(1)
        ee.on("foo", lambda: calls.append(2))

    ee.on("foo", first)
    ee.emit("foo")
    assert calls == [1]
    ee.emit("foo")
    assert calls == [1, 1, 2]


# -- once ----------------------------------------------------------------------


def test_once_listener_is_called_only_once():
    ee = EventEmitter()
    calls = []
    ee.once("foo", lambda *a: calls.append(a))
    assert ee.emit("foo", 1) is True
    assert ee.emit("foo", 2) is False
    assert calls == [(1,)]


def test_once_listener_is_removed_before_it_is_called():
    ee = EventEmitter()
    seen = []

    def f():
        seen.append((ee.listener_count("foo"), ee.listeners("foo")))

    ee.once("foo", f)
    ee.emit("foo")
    assert seen == [(0, [])]


def test_reentrant_emit_from_a_once_listener_does_not_call_it_again():
    ee = EventEmitter()
    calls = []

    def f():
        calls.append(1)
        ee.emit("foo")

    ee.once("foo", f)
    ee.emit("foo")
    assert calls == [1]


def test_off_with_the_original_function_removes_a_once_listener(must_call):
    ee = EventEmitter()
    f = must_call.never()
    ee.once("foo", f)
    ee.off("foo", f)
    assert ee.listener_count("foo") == 0
    assert ee.emit("foo") is False


def test_off_removes_the_most_recently_added_match():
    ee = EventEmitter()

    def f():
        pass

    ee.on("foo", f)
    ee.once("foo", f)
    ee.off("foo", f)
    # The plain listener (added first) is what is left.
    assert ee.raw_listeners("foo") == [f]


def test_listeners_unwraps_once_listeners_and_raw_listeners_does_not():
    ee = EventEmitter()

    def f():
        pass

    def g():
        pass

    ee.on("foo", f)
    ee.once("foo", g)
    assert ee.listeners("foo") == [f, g]
    raw = ee.raw_listeners("foo")
    assert raw[0] is f
    assert raw[1] is not g and raw[1].listener is g
    # Calling the raw wrapper runs g and removes it.
    raw[1]()
    assert ee.listeners("foo") == [f]


# -- removing ------------------------------------------------------------------


def test_remove_listener_during_emit_does_not_affect_the_emit_in_progress():
    ee = EventEmitter()
    calls = []

    def g():
        calls.append("g")

    def f():
        calls.append("f")
        ee.off("foo", g)

    ee.on("foo", f)
    ee.on("foo", g)
    ee.emit("foo")
    assert calls == ["f", "g"]
    ee.emit("foo")
    assert calls == ["f", "g", "f"]


def test_removing_itself_during_emit_does_not_skip_the_next_listener():
    ee = EventEmitter()
    calls = []

    def f():
        calls.append("f")
        ee.off("foo", f)

    ee.on("foo", f)
    ee.on("foo", lambda: calls.append("g"))
    ee.on("foo", lambda: calls.append("h"))
    ee.emit("foo")
    assert calls == ["f", "g", "h"]


def test_remove_listener_of_an_unknown_listener_is_a_no_op():
    ee = EventEmitter()

    def f():
        pass

    def g():
        pass

    ee.off("nothing", f)
    ee.on("foo", f)
    ee.off("foo", g)
    assert ee.listeners("foo") == [f]


def test_remove_all_listeners_for_one_event_keeps_the_others():
    ee = EventEmitter()
    ee.on("foo", lambda: None)
    ee.on("foo", lambda: None)
    ee.on("bar", lambda: None)
    ee.remove_all_listeners("foo")
    assert ee.listener_count("foo") == 0
    assert ee.listener_count("bar") == 1
    assert ee.event_names() == ["bar"]


def test_remove_all_listeners_without_event_removes_everything():
    ee = EventEmitter()
    ee.on("foo", lambda: None)
    ee.once("bar", lambda: None)
    ee.on("newListener", lambda *a: None)
    ee.remove_all_listeners()
    assert ee.event_names() == []
    assert ee.emit("foo") is False


def test_remove_all_listeners_emits_remove_listener_for_each_in_lifo_order():
    ee = EventEmitter()
    removed = []

    def a():
        pass

    def b():
        pass

    ee.on("removeListener", lambda ev, fn: removed.append((ev, fn)))
    ee.on("foo", a)
    ee.once("foo", b)
    ee.on("bar", a)
    ee.remove_all_listeners("foo")
    assert removed == [("foo", b), ("foo", a)]
    removed.clear()
    ee.remove_all_listeners()
    assert removed == [("bar", a)]
    assert ee.event_names() == []


def test_remove_all_listeners_without_event_notifies_remove_listener_of_its_peers():
    ee = EventEmitter()
    log = []

    def r1(ev, fn):
        log.append(("r1", ev, fn))

    def r2(ev, fn):
        log.append(("r2", ev, fn))

    ee.on("removeListener", r1)
    ee.on("removeListener", r2)
    ee.remove_all_listeners()
    # Node 20: [ [ 'r1', 'removeListener', r2 ] ]
    assert log == [("r1", "removeListener", r2)]


# -- 'newListener' / 'removeListener' ------------------------------------------


def test_new_listener_fires_before_the_listener_is_added():
    ee = EventEmitter()
    seen = []

    def f():
        pass

    ee.on("newListener", lambda ev, fn: seen.append((ev, fn, ee.listener_count(ev))))
    ee.on("foo", f)
    ee.on("foo", f)
    assert seen == [("foo", f, 0), ("foo", f, 1)]


def test_new_listener_receives_the_original_function_of_a_once_listener():
    ee = EventEmitter()
    seen = []

    def f():
        pass

    ee.on("newListener", lambda ev, fn: seen.append(fn))
    ee.once("foo", f)
    ee.prepend_once_listener("foo", f)
    assert seen == [f, f]


def test_listener_added_inside_new_listener_goes_before_the_one_being_added():
    ee = EventEmitter()
    calls = []

    def on_new(ev, fn):
        if ev == "foo":
            ee.on("foo", lambda: calls.append("B"))

    ee.once("newListener", on_new)
    ee.on("foo", lambda: calls.append("A"))
    ee.emit("foo")
    assert calls == ["B", "A"]


def test_new_listener_listener_added_during_new_listener_is_not_called_by_that_emit():
    ee = EventEmitter()
    inner = []

    def outer(ev, fn):
        ee.on("newListener", lambda ev2, fn2: inner.append(ev2))

    ee.once("newListener", outer)
    ee.on("foo", lambda: None)
    assert inner == []
    ee.on("bar", lambda: None)
    assert inner == ["bar"]


def test_remove_listener_fires_after_removal_with_the_original_function():
    ee = EventEmitter()
    seen = []

    def f():
        pass

    ee.on("removeListener", lambda ev, fn: seen.append((ev, fn, ee.listener_count(ev))))
    ee.on("foo", f)
    ee.on("foo", f)
    ee.off("foo", f)
    ee.off("foo", f)
    assert seen == [("foo", f, 1), ("foo", f, 0)]


def test_remove_listener_fires_when_a_once_listener_removes_itself():
    ee = EventEmitter()
    seen = []

    def f():
        pass

    ee.on("removeListener", lambda ev, fn: seen.append((ev, fn)))
    ee.once("foo", f)
    ee.emit("foo")
    assert seen == [("foo", f)]


def test_remove_listener_is_not_emitted_for_an_unknown_listener(must_call):
    ee = EventEmitter()
    ee.on("removeListener", must_call.never())
    ee.off("foo", lambda: None)


# -- introspection -------------------------------------------------------------


def test_listener_count_counts_plain_and_once_listeners():
    ee = EventEmitter()

    def f():
        pass

    def g():
        pass

    assert ee.listener_count("foo") == 0
    ee.on("foo", f)
    assert ee.listener_count("foo") == 1
    ee.once("foo", g)
    ee.on("foo", f)
    assert ee.listener_count("foo") == 3
    assert ee.listener_count("foo", f) == 2
    assert ee.listener_count("foo", g) == 1


def test_listeners_returns_a_copy():
    ee = EventEmitter()

    def f():
        pass

    ee.on("foo", f)
    ls = ee.listeners("foo")
    ls.append(f)
    assert ee.listeners("foo") == [f]
    assert ee.listeners("none") == []


def test_event_names_in_insertion_order_and_dropped_when_empty():
    ee = EventEmitter()

    def f():
        pass

    ee.on("b", f)
    ee.on("a", f)
    ee.once("c", f)
    assert ee.event_names() == ["b", "a", "c"]
    ee.off("a", f)
    ee.emit("c")
    assert ee.event_names() == ["b"]


# -- max listeners -------------------------------------------------------------


def _add_n(ee: EventEmitter, event: str, n: int) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(n):
            ee.on(event, lambda: None)
    return [w for w in caught if issubclass(w.category, MaxListenersExceededWarning)]


def test_max_listeners_defaults_to_10():
    assert EventEmitter().get_max_listeners() == 10


def test_ten_listeners_do_not_warn():
    assert _add_n(EventEmitter(), "foo", 10) == []


def test_eleventh_listener_warns_max_listeners_exceeded_once():
    ee = EventEmitter()
    assert _add_n(ee, "foo", 10) == []
    caught = _add_n(ee, "foo", 1)
    assert len(caught) == 1
    msg = str(caught[0].message)
    assert "11" in msg and "foo" in msg
    assert _add_n(ee, "foo", 5) == []


def test_max_listeners_warning_points_at_the_callers_line():
    caught = _add_n(EventEmitter(), "foo", 11)
    assert caught[0].filename == __file__


def test_max_listeners_warning_is_per_event():
    ee = EventEmitter()
    assert len(_add_n(ee, "foo", 11)) == 1
    assert len(_add_n(ee, "bar", 11)) == 1


def test_set_max_listeners_lowers_the_threshold():
    ee = EventEmitter().set_max_listeners(1)
    assert ee.get_max_listeners() == 1
    assert _add_n(ee, "foo", 1) == []
    assert len(_add_n(ee, "foo", 1)) == 1


def test_set_max_listeners_zero_means_unlimited():
    ee = EventEmitter()
    ee.set_max_listeners(0)
    assert ee.get_max_listeners() == 0
    assert _add_n(ee, "foo", 100) == []


def test_set_max_listeners_negative_raises_err_out_of_range():
    with pytest.raises(ValueError) as info:
        EventEmitter().set_max_listeners(-1)
    assert info.value.code == "ERR_OUT_OF_RANGE"


def test_set_max_listeners_infinity_reads_back_as_infinity():
    ee = EventEmitter().set_max_listeners(math.inf)
    assert ee.get_max_listeners() == math.inf


def test_set_max_listeners_nan_raises_err_out_of_range():
    with pytest.raises(ValueError) as info:
        EventEmitter().set_max_listeners(float("nan"))
    assert getattr(info.value, "code", None) == "ERR_OUT_OF_RANGE"


# -- emit and 'error' ----------------------------------------------------------


def test_emit_returns_true_with_listeners_and_false_without():
    ee = EventEmitter()
    assert ee.emit("foo") is False
    ee.on("foo", lambda: None)
    assert ee.emit("foo") is True
    ee.remove_all_listeners("foo")
    assert ee.emit("foo") is False


def test_emit_error_without_listener_raises_the_error_itself():
    ee = EventEmitter()
    err = ConnectionResetError("boom")
    with pytest.raises(ConnectionResetError) as info:
        ee.emit("error", err)
    assert info.value is err


def test_emit_error_with_non_exception_raises_err_unhandled_error():
    ee = EventEmitter()
    with pytest.raises(NodeError) as info:
        ee.emit("error", "boom")
    assert info.value.code == "ERR_UNHANDLED_ERROR"
    assert "boom" in str(info.value)
    assert info.value.context == "boom"


def test_emit_error_without_argument_raises_err_unhandled_error():
    with pytest.raises(NodeError) as info:
        EventEmitter().emit("error")
    assert info.value.code == "ERR_UNHANDLED_ERROR"


def test_emit_error_with_listener_does_not_raise():
    ee = EventEmitter()
    got = []
    ee.on("error", got.append)
    err = ValueError("x")
    assert ee.emit("error", err) is True
    assert got == [err]


def test_exception_in_a_listener_propagates_out_of_emit_and_stops_the_rest():
    ee = EventEmitter()
    calls = []

    def bad():
        raise KeyError("k")

    ee.on("foo", bad)
    ee.on("foo", lambda: calls.append("after"))
    with pytest.raises(KeyError):
        ee.emit("foo")
    assert calls == []


# -- events.once ---------------------------------------------------------------


def test_events_once_resolves_with_the_tuple_of_args():
    ee = EventEmitter()
    result = []

    async def main():
        runtime.set_timeout(ee.emit, 1, "foo", 1, "b")
        result.append(await events.once(ee, "foo"))

    run(main, timeout=5)
    assert result == [(1, "b")]


def test_events_once_listens_from_the_moment_it_is_called():
    ee = EventEmitter()
    result = []

    async def main():
        waiting = events.once(ee, "foo")
        try:
            assert ee.listener_count("foo") == 1  # Node 20: 1
            ee.emit("foo", 1)
            result.append(await asyncio.wait_for(waiting, 5))
        finally:
            if inspect.iscoroutine(waiting):
                waiting.close()

    run(main, timeout=5)
    assert result == [(1,)]


def test_events_once_resolves_with_empty_tuple_for_no_args():
    ee = EventEmitter()
    result = []

    async def main():
        runtime.next_tick(ee.emit, "foo")
        result.append(await events.once(ee, "foo"))

    run(main, timeout=5)
    assert result == [()]


def test_events_once_removes_its_listeners_after_resolving():
    ee = EventEmitter()
    counts = []

    async def main():
        runtime.set_timeout(ee.emit, 1, "foo")
        await events.once(ee, "foo")
        counts.append((ee.listener_count("foo"), ee.listener_count("error")))

    run(main, timeout=5)
    assert counts == [(0, 0)]


def test_events_once_rejects_on_error():
    ee = EventEmitter()
    err = ValueError("bad")
    caught = []

    async def main():
        runtime.set_timeout(ee.emit, 1, "error", err)
        try:
            await events.once(ee, "foo")
        except ValueError as exc:
            caught.append(exc)
        caught.append((ee.listener_count("foo"), ee.listener_count("error")))

    run(main, timeout=5)
    assert caught == [err, (0, 0)]


def test_events_once_for_error_resolves_with_the_error():
    ee = EventEmitter()
    err = ValueError("bad")
    result = []

    async def main():
        runtime.set_timeout(ee.emit, 1, "error", err)
        result.append(await events.once(ee, "error"))

    run(main, timeout=5)
    assert result == [(err,)]


def test_cancelled_events_once_removes_its_listeners():
    ee = EventEmitter()
    counts = []

    async def main():
        task = asyncio.ensure_future(events.once(ee, "foo"))
        await asyncio.sleep(0)
        assert ee.listener_count("foo") == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        counts.append((ee.listener_count("foo"), ee.listener_count("error")))

    run(main, timeout=5)
    assert counts == [(0, 0)]


# -- async def listeners -------------------------------------------------------


def test_async_listener_runs_on_the_loop_not_inside_emit():
    ee = EventEmitter()
    calls = []

    async def listener(x):
        calls.append(x)

    def main():
        assert ee.emit("foo", 1) is True
        calls.append("after emit")

    ee.on("foo", listener)
    run(main, timeout=5)
    assert calls == ["after emit", 1]


def test_async_listener_keeps_run_alive_until_it_finishes():
    ee = EventEmitter()
    calls = []

    async def listener():
        fut = asyncio.get_running_loop().create_future()
        runtime.set_timeout(fut.set_result, 5, "done")
        calls.append(await fut)

    ee.on("foo", listener)
    run(lambda: ee.emit("foo"), timeout=5)
    assert calls == ["done"]


def test_async_once_listener_runs_once():
    ee = EventEmitter()
    calls = []

    async def listener(x):
        calls.append(x)

    ee.once("foo", listener)

    def main():
        ee.emit("foo", 1)
        ee.emit("foo", 2)

    run(main, timeout=5)
    assert calls == [1]


def test_exception_in_async_listener_is_uncaught_and_raised_by_run():
    ee = EventEmitter()

    async def listener():
        await asyncio.sleep(0)
        raise LookupError("from async listener")

    ee.on("foo", listener)
    with pytest.raises(LookupError, match="from async listener"):
        run(lambda: ee.emit("foo"), timeout=5)


@pytest.fixture
def capturing():
    events.capture_rejections = True
    yield
    events.capture_rejections = False


def test_capture_rejections_turns_a_failed_async_listener_into_an_error_event(capturing):
    # Node's events.captureRejections = true: the rejection is an 'error' a tick later.
    log: list[object] = []

    def main():
        ee = EventEmitter()

        async def listener(value):
            log.append(("listener", value))
            raise ValueError("kaboom")

        ee.on("thing", listener)
        ee.on("error", lambda err: log.append(("error", str(err))))
        ee.emit("thing", 1)

    run(main, timeout=5)
    assert log == [("listener", 1), ("error", "kaboom")]


def test_an_emitter_hook_gets_the_event_and_its_arguments(capturing):
    log: list[object] = []

    class Hooked(EventEmitter):
        def _capture_rejection(self, err, event, *args):
            log.append((str(err), event, args))

    def main():
        ee = Hooked()

        async def listener(*args):
            raise ValueError("kaboom")

        ee.on("thing", listener)
        ee.emit("thing", 1, 2)

    run(main, timeout=5)
    assert log == [("kaboom", "thing", (1, 2))]


# -- the class's shape (compiled, EventEmitter's fields are C fields: events.pxd) --


def test_an_emitter_keeps_a_dict_weak_references_and_pickling():
    import pickle
    import weakref

    ee = EventEmitter()
    ee.anything = 1  # Node's emitters take any property
    ee.set_max_listeners(3)
    assert weakref.ref(ee)() is ee
    back = pickle.loads(pickle.dumps(ee))
    assert (type(back), back.anything, back.get_max_listeners()) == (EventEmitter, 1, 3)
    EventEmitter.class_level = "settable"  # a plain class, as in Node
    try:
        assert ee.class_level == "settable"
    finally:
        del EventEmitter.class_level


def test_subclasses_with_slots_and_multiple_bases_share_the_emitter():
    import copy

    class Slotted(EventEmitter):
        __slots__ = ("own",)

    class Left(EventEmitter):
        pass

    class Right(EventEmitter):
        pass

    class Both(Left, Right):  # as Duplex(Readable, Writable)
        def __init__(self):
            Left.__init__(self)
            self.extra = 2

    s = Slotted()
    s.own = 1
    s.on("x", print)
    assert (s.own, s.listener_count("x")) == (1, 1)
    b = Both()
    got = []
    b.on("x", got.append)
    b.emit("x", 5)
    twin = copy.copy(b)
    twin.emit("x", 6)
    assert (got, twin.extra, twin._events is b._events) == ([5, 6], 2, True)
