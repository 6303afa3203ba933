"""Power by simulation for :mod:`sclab.stats`: simulated two-arm trials, in chunks a widget can follow
and stop. Import these from ``sclab.stats``."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from sclab.stats._common import (
    ALPHA_LEVEL,
    CI_HIGH,
    CI_LOW,
    EFFECT_SIZE,
    LEVEL,
    N_PER_ARM,
    N_SIGNIFICANT,
    N_SIMS,
    N_SIMS_PLANNED,
    POWER,
    _report,
)
from sclab.validation import probability, whole_number
from sclab.validation import seed as seed_check

__all__: list[str] = []

_COLUMNS = [
    EFFECT_SIZE,
    N_PER_ARM,
    POWER,
    CI_LOW,
    CI_HIGH,
    N_SIGNIFICANT,
    N_SIMS,
    N_SIMS_PLANNED,
    ALPHA_LEVEL,
]


def _check_effect_size(effect_size) -> float:
    if isinstance(effect_size, bool) or not isinstance(effect_size, (int, float, np.number)):
        raise ValueError(f"effect_size must be a number (Cohen's d, in SD units); got {effect_size!r}")
    if not np.isfinite(effect_size):
        raise ValueError(f"effect_size must be finite; got {effect_size!r}")
    return float(effect_size)


def _row(effect_size, n, hits, ran, planned, alpha) -> dict:
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(hits, ran, alpha=1 - LEVEL, method="wilson")
    return dict(
        zip(
            _COLUMNS,
            [effect_size, n, hits / ran, float(low), float(high), hits, ran, planned, alpha],
            strict=True,
        )
    )


def _simulate(effect_size, n, n_sims, seed, alpha, equal_var, chunk_size, on_chunk, should_stop) -> dict:
    """Run the trials in chunks; ``on_chunk(done)`` after each; stop early if ``should_stop()``."""
    from scipy import stats

    rng = np.random.default_rng(seed)
    hits = ran = 0
    while ran < n_sims:
        k = min(chunk_size, n_sims - ran)
        # one (k, 2, n) block per chunk: draws come in the same order whatever the chunk size
        draws = rng.standard_normal((k, 2, n))
        p = stats.ttest_ind(draws[:, 0] + effect_size, draws[:, 1], axis=1, equal_var=equal_var).pvalue
        hits += int(np.count_nonzero(p < alpha))
        ran += k
        on_chunk(ran)
        if ran < n_sims and should_stop is not None and should_stop():
            break
    return _row(effect_size, n, hits, ran, n_sims, alpha)


def _check(n_sims, seed, alpha, equal_var, chunk_size):
    if not isinstance(equal_var, bool):
        raise ValueError(f"equal_var must be True (Student's t) or False (Welch's t); got {equal_var!r}")
    return (
        whole_number(n_sims, "n_sims", 1),
        seed_check(seed),
        probability(alpha, "alpha"),
        whole_number(chunk_size, "chunk_size", 1),
    )


def _reporter(progress, before: int, total: int) -> Callable[[int], None]:
    """The ``on_chunk`` of one n: reports (trials of the earlier ns + trials done here) / all trials."""
    return lambda done: _report(progress, (before + done) / total)


class _Stop:
    """``should_stop`` asked between chunks; once it says stop, every later ask says stop too."""

    def __init__(self, should_stop: Callable[[], bool] | None) -> None:
        self.should_stop = should_stop
        self.stopped = False

    def __call__(self) -> bool:
        self.stopped = self.stopped or (self.should_stop is not None and bool(self.should_stop()))
        return self.stopped


def power_curve(
    effect_size: float,
    ns: Sequence[int],
    *,
    n_sims: int,
    seed: int,
    alpha: float = 0.05,
    equal_var: bool = False,
    chunk_size: int = 250,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> pd.DataFrame:
    """Simulated power at each sample size per arm in ``ns``: one row per n.

    Every n uses the same ``seed``, so each row equals :func:`power_by_simulation` at that n.
    ``progress`` gets the fraction of all trials done; ``should_stop()`` is asked between chunks and
    ends the whole curve: rows not started are left out, the last row may have ``n_sims`` short of
    ``n_sims_planned``.

    Returns
    -------
    The columns of :func:`power_by_simulation`, one row per n (in the order given).

    >>> curve = power_curve(0.5, [20, 80], n_sims=300, seed=2)
    >>> curve["n_per_arm"].tolist(), bool(curve["power"].is_monotonic_increasing)
    ([20, 80], True)
    """
    effect_size = _check_effect_size(effect_size)
    ns = [whole_number(n, "each n in ns", 2) for n in ns]
    if not ns:
        raise ValueError("ns must list at least one sample size per arm")
    n_sims, seed, alpha, chunk_size = _check(n_sims, seed, alpha, equal_var, chunk_size)
    total = n_sims * len(ns)
    stop = _Stop(should_stop)
    rows: list[dict] = []
    _report(progress, 0.0)
    for i, n in enumerate(ns):
        on_chunk = _reporter(progress, i * n_sims, total)
        rows.append(_simulate(effect_size, n, n_sims, seed, alpha, equal_var, chunk_size, on_chunk, stop))
        if stop.stopped or (i + 1 < len(ns) and stop()):
            break
    return pd.DataFrame(rows, columns=_COLUMNS)


def _keywords_of(source: Callable) -> Callable:
    """Show ``source``'s keyword-only parameters in the signature of the decorated ``f(..., **options)``,
    so ``help()`` and Jupyter's ``?`` list them; the keywords and their defaults are written once."""

    def decorate(fn: Callable) -> Callable:
        own = [p for p in inspect.signature(fn).parameters.values() if p.kind is not p.VAR_KEYWORD]
        keywords = [p for p in inspect.signature(source).parameters.values() if p.kind is p.KEYWORD_ONLY]
        fn.__signature__ = inspect.signature(fn).replace(parameters=[*own, *keywords])
        return fn

    return decorate


@_keywords_of(power_curve)
def power_by_simulation(effect_size: float, n_per_arm: int, **options) -> pd.DataFrame:
    """Share of simulated two-arm trials whose t test gives p < ``alpha``: power, found by simulation.

    Each trial draws ``n_per_arm`` normal outcomes (SD 1) per arm, the treated arm shifted by
    ``effect_size`` (Cohen's d), and runs ``scipy.stats.ttest_ind`` (Welch's by default;
    ``equal_var=True`` for Student's). ``options`` are the keywords of :func:`power_curve`, which
    this is at one n: ``n_sims`` and ``seed`` (both required), ``alpha=0.05``, ``equal_var=False``,
    ``chunk_size=250``, ``progress=None``, ``should_stop=None``. Trials run in vectorised chunks of
    ``chunk_size``: after each chunk ``progress(fraction done)`` is called (and ``progress(0)``
    first), and between chunks ``should_stop()``, if given, can end the run; what was done is
    returned. The same seed gives the same result, whatever ``chunk_size``.

    Returns
    -------
    One row: ``effect_size``, ``n_per_arm``, ``power``, ``ci_low``, ``ci_high`` (95% Wilson
    interval: Monte Carlo error only), ``n_significant``, ``n_sims`` (trials run), ``n_sims_planned``,
    ``alpha_level``. ``n_sims < n_sims_planned`` means the run was stopped.

    >>> out = power_by_simulation(0.5, 64, n_sims=400, seed=1)
    >>> bool(0.7 < out["power"].iloc[0] < 0.9), int(out["n_sims"].iloc[0])
    (True, 400)
    """
    effect_size = _check_effect_size(effect_size)
    n = whole_number(n_per_arm, "n_per_arm", 2)
    return power_curve(effect_size, [n], **options)
