"""One way for a view to run a slow computation: in a daemon thread, with progress and a Stop flag.

A :class:`BackgroundRun` runs one job at a time. The job is a plain function
``job(progress, should_stop) -> result`` (``progress(fraction)`` from 0 to 1; ``should_stop()`` is
true once Stop was pressed), so the model behind it stays free of threads and widgets. When the
view's settings change, it calls :meth:`~BackgroundRun.invalidate`: a run still going then finishes
unseen (``on_stale`` instead of ``on_done``). An error reaches ``on_error`` as one plain line.

>>> run = BackgroundRun(background=False)
>>> seen = []
>>> run.start(lambda progress, should_stop: 6 * 7, on_done=seen.append)
True
>>> seen
[42]
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

__all__ = ["BackgroundRun", "RunsInBackground", "one_line"]

Job = Callable[[Callable[[float], None], Callable[[], bool]], Any]


def one_line(exc: BaseException) -> str:
    """An exception as one plain line for a status label: its first line, or its type's name.

    >>> one_line(ValueError("n must be at least 2\\n(details)"))
    'n must be at least 2'
    >>> one_line(KeyError())
    'KeyError'
    """
    text = str(exc).strip().splitlines()
    return text[0] if text and text[0] else type(exc).__name__


class BackgroundRun:
    """Run one job at a time, in a daemon thread (or in the caller's, ``background=False``).

    ``start`` returns False and does nothing while a job runs, unless ``queue=True``: then the
    newest request waits and starts as soon as the running job ends (its result, belonging to old
    settings, is dropped if :meth:`invalidate` was called meanwhile). In the caller's thread an
    error is reported and raised again, so tests see it.
    """

    def __init__(self, *, background: bool = True) -> None:
        self.background = background
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._generation = 0
        self._busy = False
        self._queued: tuple | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether a job is running (or waiting to follow the one running)."""
        return self._busy

    def stop(self) -> None:
        """Ask the running job to stop at its next check of ``should_stop``."""
        self._stop.set()

    def invalidate(self) -> None:
        """The settings changed: a job running now is stale (its result will not be shown), and a job
        waiting to follow it is dropped (it was asked for with the old settings)."""
        with self._lock:
            self._generation += 1
            self._queued = None

    def join(self, timeout: float | None = None) -> None:
        """Wait for a job running in the background (and any queued after it: same thread) to end."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def start(
        self,
        job: Job,
        *,
        on_done: Callable[[Any], None],
        on_progress: Callable[[float], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_stale: Callable[[], None] | None = None,
        on_end: Callable[[], None] | None = None,
        queue: bool = False,
        background: bool | None = None,
    ) -> bool:
        """Run ``job``; True if it started (or was queued), False if one is running and ``queue`` is False.

        ``on_done(result)`` if the settings did not change meanwhile, else ``on_stale()``;
        ``on_error(line)`` if it raised; ``on_end()`` always, last, once nothing more will run.
        ``background`` overrides :attr:`background` for this run.
        """
        with self._lock:
            request = (self._generation, job, on_done, on_progress, on_error, on_stale, on_end)
            if self._busy:
                if queue:
                    self._queued = request
                return queue
            self._busy = True
            self._stop.clear()
        if not (self.background if background is None else background):
            self._work(request, reraise=True)
            return True
        self._thread = threading.Thread(target=self._work, args=(request,), daemon=True)
        self._thread.start()
        return True

    def _work(self, request: tuple | None, reraise: bool = False) -> None:
        while request is not None:
            generation, job, on_done, on_progress, on_error, on_stale, on_end = request
            try:
                result = job(on_progress or (lambda fraction: None), self._stop.is_set)
            except Exception as exc:  # shown, not swallowed: a thread has nowhere else to report
                if on_error is not None:
                    on_error(one_line(exc))
                request = self._next(on_end, drop_queue=reraise)  # in the caller's thread: nothing follows
                if reraise:
                    raise
                continue
            with self._lock:  # held while the view shows it: invalidate() waits, so nothing stale is shown
                fresh = generation == self._generation
                if fresh:
                    on_done(result)
            if not fresh and on_stale is not None and self._queued is None:
                on_stale()
            request = self._next(on_end, drop_queue=fresh)  # a fresh result makes the queue moot

    def _next(self, on_end: Callable[[], None] | None, *, drop_queue: bool) -> tuple | None:
        """The queued request to run now, or None (then the run is over and ``on_end`` is called)."""
        with self._lock:
            queued, self._queued = (None if drop_queue else self._queued), None
            if queued is None:
                self._busy = False
            else:
                self._stop.clear()
        if queued is None and on_end is not None:
            on_end()
        return queued


class RunsInBackground:
    """Mixin for a view whose slow run goes through ``self._run`` (a :class:`BackgroundRun`)."""

    _run: BackgroundRun

    @property
    def background(self) -> bool:
        """Whether a run goes in a thread (True, the default) or in the caller's (tests)."""
        return self._run.background

    @background.setter
    def background(self, value: bool) -> None:
        self._run.background = value

    @property
    def running(self) -> bool:
        """Whether a run is going."""
        return self._run.running

    def join(self, timeout: float | None = None) -> None:
        """Wait for a run in the background to finish."""
        self._run.join(timeout)
