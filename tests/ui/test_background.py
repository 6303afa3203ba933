"""BackgroundRun: progress, Stop, a stale result dropped, a queued run, an error as one line.

Jobs wait on events, never on sleeps, so each test takes milliseconds."""

from __future__ import annotations

import threading

import pytest

from sclab.ui._background import BackgroundRun, one_line

WAIT = 10  # seconds: only reached if the code under test hangs


def gated_job(gate: threading.Event, started: threading.Event, value=1):
    """A job that reports progress, then waits for the test to open ``gate`` (or for Stop)."""

    def job(progress, should_stop):
        progress(0.5)
        started.set()
        while not gate.wait(0.001):
            if should_stop():
                return "stopped"
        progress(1.0)
        return value

    return job


def test_foreground_run_reports_progress_then_the_result():
    def job(progress, should_stop):
        progress(0.25)
        progress(1.0)
        return 42

    run, seen = BackgroundRun(background=False), []
    ok = run.start(
        job,
        on_progress=seen.append,
        on_done=lambda result: seen.append(("done", result)),
        on_end=lambda: seen.append("end"),
    )
    assert ok and seen == [0.25, 1.0, ("done", 42), "end"] and not run.running


def test_background_run_finishes_and_a_second_start_is_refused_while_it_runs():
    run, gate, started, done = BackgroundRun(), threading.Event(), threading.Event(), []
    assert run.start(gated_job(gate, started, "first"), on_done=done.append)
    assert started.wait(WAIT) and run.running
    assert not run.start(lambda p, s: "second", on_done=done.append)  # refused: one at a time
    gate.set()
    run.join(WAIT)
    assert done == ["first"] and not run.running


def test_stop_ends_the_job_at_its_next_check():
    run, gate, started, done, ended = BackgroundRun(), threading.Event(), threading.Event(), [], []
    run.start(gated_job(gate, started), on_done=done.append, on_end=lambda: ended.append(True))
    assert started.wait(WAIT)
    run.stop()
    run.join(WAIT)
    assert done == ["stopped"] and ended == [True]


def test_a_result_of_changed_settings_is_dropped():
    run, gate, started, done, stale = BackgroundRun(), threading.Event(), threading.Event(), [], []
    run.start(gated_job(gate, started), on_done=done.append, on_stale=lambda: stale.append(True))
    assert started.wait(WAIT)
    run.invalidate()  # the settings changed while it ran
    gate.set()
    run.join(WAIT)
    assert done == [] and stale == [True]
    # the next run, with the settings as they are now, is shown
    run.start(lambda p, s: "fresh", on_done=done.append, background=False)
    assert done == ["fresh"]


def test_a_queued_run_follows_and_only_the_newest_is_kept():
    run, gate, started, done = BackgroundRun(), threading.Event(), threading.Event(), []
    run.start(gated_job(gate, started, "old"), on_done=done.append)
    assert started.wait(WAIT)
    run.invalidate()
    assert run.start(lambda p, s: "middle", on_done=done.append, queue=True)
    assert run.start(lambda p, s: "newest", on_done=done.append, queue=True)
    gate.set()
    run.join(WAIT)
    assert done == ["newest"] and not run.running


def test_invalidate_drops_a_queued_run_asked_for_with_old_settings():
    run, gate, started, done, stale = BackgroundRun(), threading.Event(), threading.Event(), [], []
    run.start(gated_job(gate, started, "old"), on_done=done.append, on_stale=lambda: stale.append(True))
    assert started.wait(WAIT)
    run.start(lambda p, s: "queued", on_done=done.append, queue=True)
    run.invalidate()
    gate.set()
    run.join(WAIT)
    assert done == [] and stale == [True]


def test_an_error_is_reported_as_one_plain_line():
    def broken(progress, should_stop):
        raise ValueError("n_boot must be one of 200, 500\nand more detail")

    run, errors, ended = BackgroundRun(), [], []
    run.start(broken, on_done=errors.append, on_error=errors.append, on_end=lambda: ended.append(True))
    run.join(WAIT)
    assert errors == ["n_boot must be one of 200, 500"] and ended == [True] and not run.running
    # in the caller's thread the error is reported and raised again
    errors.clear()
    with pytest.raises(ValueError, match="n_boot must"):
        run.start(broken, on_done=errors.append, on_error=errors.append, background=False)
    assert errors == ["n_boot must be one of 200, 500"] and not run.running


def test_one_line_names_the_type_when_the_message_is_empty():
    assert one_line(RuntimeError()) == "RuntimeError"
    assert one_line(ValueError("  first\nsecond")) == "first"
