"""How many kernels a class needs and how many this machine holds: ready pools, a cap, and the door rule.

Voila gives every visitor a kernel of their own, so a class is served by kernels started before it
arrives (a ready pool per page, Voila's ``kernel_pools_config``) and bounded by what memory holds.
The numbers are plain functions, tested without a server; :mod:`sclab.classroom.serving` applies them.

- :data:`KERNEL_MB`: the resident memory one kernel of a page takes, measured on the 2-core, 24 GB
  development machine (resident set size of the kernel process once its page has run); a page not
  named costs ``default``. ``sclab serve --kernel-mb`` overrides the student page's figure.
- :func:`plan`: from the class size and the memory available, the ready kernels of each page, the
  most kernels alive at once (the cap) and the lines ``sclab serve`` prints.
- :func:`admit` and :func:`refill_target`: a visit with no ready kernel left starts a kernel only
  under the cap (otherwise the server answers "full, try again in a moment"), and a pool refills
  only as far as the cap allows.

>>> p = plan(["take_the_scale.ipynb", "class_results.ipynb"], class_size=30, available_mb=12000)
>>> p.pools["take_the_scale.ipynb"], p.pools["class_results.ipynb"], p.cap
(30, 1, 35)
>>> plan(["take_the_scale.ipynb"], class_size=100, available_mb=8000).pools["take_the_scale.ipynb"]
53
>>> progress("take_the_scale.ipynb", 18, 30)
'take_the_scale: 18 of 30 ready'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_FREE_AFTER",
    "KERNEL_MB",
    "RESERVE_MB",
    "STUDENT_PAGE",
    "Plan",
    "admit",
    "available_mb",
    "plan",
    "progress",
    "refill_target",
]

#: Resident memory (MB) of one kernel once its page has run, by page (notebook stem); ``default`` for
#: the others (the largest instructor page). Measured on 2026-12-01 on the development machine
#: (2 cores, 24 GB, Python 3.11) as the resident set size of kernels of ``sclab serve`` (psutil):
#: take_the_scale 114 MB ready (5 kernels) and 113 / 115 / 125 MB ready / after Submit / after Send in
#: benchmarks/bench_kernel_memory.py, so 130 MB covers a student who has sent; the instructor pages
#: 108-361 MB (score_class_export 108, class_results 196-211, lecture_explorer 340-361). Measure
#: again when a page's imports change.
KERNEL_MB: Mapping[str, int] = {"take_the_scale": 130, "default": 360}
#: Memory (MB) left free for the system, the server itself and a browser on the same machine.
RESERVE_MB = 1024
#: The page every student opens; the other pages are the instructor's.
STUDENT_PAGE = "take_the_scale.ipynb"
#: Seconds after which a kernel with no page connected is shut down (a page never connected, a tab closed).
DEFAULT_FREE_AFTER = 60
#: Seconds a pool waits after handing out a kernel before starting its replacement (Voila's
#: ``fill_delay``): one second for the usual pool of one; with a class, long enough for the class to
#: have come in, since each replacement kernel takes 2-4 s of the processor while it starts and the
#: students' first answers were queuing behind them (30 students replayed: refills began during the crowd).
FILL_DELAY_SECONDS = 1.0
CLASS_FILL_DELAY_SECONDS = 30.0


def _stem(page: str) -> str:
    return page.rsplit("/", 1)[-1].removesuffix(".ipynb")


def _cost(page: str, kernel_mb: Mapping[str, float]) -> float:
    return float(kernel_mb.get(_stem(page), kernel_mb["default"]))


def progress(page: str, ready: int, total: int) -> str:
    """The warming line for one page, e.g. ``take_the_scale: 18 of 30 ready``."""
    return f"{_stem(page)}: {ready} of {total} ready"


def available_mb() -> float:
    """Memory the system can give without swapping, in MB (psutil's ``available``)."""
    import psutil

    return psutil.virtual_memory().available / 2**20


@dataclass(frozen=True)
class Plan:
    """Ready kernels per page, the most kernels alive at once, and what to say about it."""

    pools: dict[str, int]
    cap: int
    fits: int
    lines: list[str] = field(default_factory=list)
    fill_delay: float = FILL_DELAY_SECONDS

    def pools_config(self) -> dict[str, dict[str, int]]:
        """Voila's ``VoilaKernelManager.kernel_pools_config`` for this plan."""
        return {"default": {"pool_size": 1}, **{p: {"pool_size": n} for p, n in self.pools.items()}}


def _spare(class_size: int) -> int:
    """Room over the class for reloads and second tabs until their old kernels are freed."""
    return max(2, math.ceil(class_size / 10))


def plan(
    pages: Iterable[str],
    *,
    class_size: int | None,
    available_mb: float,
    kernel_mb: Mapping[str, float] = KERNEL_MB,
    reserve_mb: float = RESERVE_MB,
    max_kernels: int | None = None,
    preheat: bool = True,
    student: str = STUDENT_PAGE,
) -> Plan:
    """Size the ready pools and the cap for a class of ``class_size`` (None: one ready kernel a page).

    Each instructor page keeps one ready kernel; the student page gets one per student, as far as
    memory holds once the reserve and the instructor pages are set aside. The cap is the class, a
    tenth spare (at least 2) and two kernels per instructor page (a ready one and one in use), never
    more than memory holds; ``max_kernels`` lowers it.
    """
    pages = sorted(set(pages))
    if class_size is not None and class_size < 1:
        raise ValueError(f"--class-size must be at least 1; got {class_size}")
    if max_kernels is not None and max_kernels < 1:
        raise ValueError(f"--max-kernels must be at least 1; got {max_kernels}")
    if "default" not in kernel_mb or any(v <= 0 for v in kernel_mb.values()):
        raise ValueError("kernel sizes need a 'default' entry and every size must be above 0 MB")
    teachers = [p for p in pages if p != student]
    held_mb = sum(_cost(p, kernel_mb) for p in teachers) if preheat else 0.0
    per_student = _cost(student, kernel_mb)
    fits = max(0, math.floor((available_mb - reserve_mb - held_mb) / per_student))
    wanted = class_size or 1
    pools = {p: 1 for p in teachers} if preheat else {}
    if preheat and student in pages:
        pools[student] = min(wanted, fits)
    by_memory = max(1, fits + (len(teachers) if preheat else 0))
    by_class = wanted + _spare(wanted) + 2 * len(teachers)
    cap = min(by_memory, by_class if class_size else by_memory, max_kernels or by_memory)
    lines = _describe(class_size, pools.get(student, 0), fits, cap, available_mb, per_student, reserve_mb)
    delay = CLASS_FILL_DELAY_SECONDS if class_size else FILL_DELAY_SECONDS
    return Plan(pools, cap, fits, lines, delay)


def _describe(class_size, warmed, fits, cap, available, per_student, reserve) -> list[str]:
    name = _stem(STUDENT_PAGE)
    lines = [
        f"Memory: {available / 1024:.1f} GB available; one {name} kernel takes about {per_student:.0f} MB "
        f"and {reserve:.0f} MB is kept free, so this machine holds {fits} student kernels "
        "beside the instructor pages."
    ]
    if class_size and class_size > fits:
        lines.append(
            f"A class of {class_size} does not fit in this machine's memory: warming only {warmed}; "
            "the other students wait at a 'server is full' page until a kernel is freed."
        )
    elif class_size:
        lines.append(f"Class of {class_size}: warming {warmed} ready kernels for {name}.")
    lines.append(f"At most {cap} kernels at once; past that a visitor sees a 'server is full' page.")
    return lines


def admit(*, live: int, cap: int, ready: int) -> bool:
    """Whether a visit may go on: it takes a ready kernel if there is one, else starts one under the cap."""
    return ready > 0 or live < cap


def refill_target(*, configured: int, in_pool: int, live: int, cap: int) -> int:
    """The size to refill a pool to now: its configured size, as far as the cap leaves room.

    >>> refill_target(configured=30, in_pool=0, live=35, cap=36)
    1
    """
    return max(in_pool, min(configured, in_pool + max(0, cap - live)))
