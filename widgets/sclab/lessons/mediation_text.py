"""The words and table rows of :class:`~sclab.ui.explorers.mediation_explorer.MediationExplorer`,
built from the numbers of :mod:`sclab.lessons.mediation`; no ipywidgets or plotly. Numbers are shown
through :mod:`sclab.formatting`.

>>> row_labels()[0], row_labels()[-1]
('a: distress → self-compassion', 'indirect via family support')
>>> boot_p(0.0, 200), boot_p(0.0449, 200)
('p < .005', 'p = .045')
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from sclab.formatting import ci, number, p_value, percent
from sclab.lessons.mediation import MEDIATORS

__all__ = [
    "RAW_UNITS",
    "SHORT",
    "boot_p",
    "describe_paths",
    "done_line",
    "path_rows",
    "published_rows",
    "row_labels",
    "running_line",
    "waiting_line",
]

#: Each mediator's column (:data:`sclab.lessons.mediation.MEDIATORS`) with its short name.
SHORT = dict(zip(MEDIATORS, ("self-compassion", "friends' support", "family support"), strict=True))
RAW_UNITS = (
    "<p>Raw units: each coefficient is in its own variables' units (distress 10-50, self-compassion 1-5, "
    "support 1-7, satisfaction 5-35), so sizes are not comparable across paths, and the card's and "
    "published weights (standardised) are hidden.</p>"
)


def _coef(value: float) -> str:
    return number(value, bounded=True)  # ".45", "-1.20": coefficients as the course shows them


def row_labels() -> list[str]:
    """One label per row of :func:`sclab.lessons.mediation.estimates`, in its order."""
    m = [SHORT[v] for v in MEDIATORS]
    return (
        [f"a: distress → {v}" for v in m]
        + [f"b: {v} → satisfaction" for v in m]
        + ["total: distress → satisfaction", "direct: distress → satisfaction"]
        + [f"indirect via {v}" for v in m]
    )


def boot_p(p: float, n_boot: int | None = None) -> str:
    """A p value; a bootstrap p of 0 is shown as below one resample's share (``p < .005`` for 200)."""
    if p == 0 and n_boot:
        return f"p < {number(1 / n_boot, 3, bounded=True)}"
    return p_value(p)


def waiting_line(n: int, n_boot: int) -> str:
    return (
        "Intervals of the indirect effects not computed yet: press <strong>Run bootstrap</strong> "
        f"({n_boot:,} resamples of {n:,} students)."
    )


def running_line(n: int, n_boot: int) -> str:
    return f"Running {n_boot:,} resamples of {n:,} students ..."


def done_line(n_boot: int, seconds: float, seed: int) -> str:
    return (
        f"Done: {n_boot:,} resamples in {seconds:.1f} s (bootstrap seed {seed}; "
        "bias-corrected 95% intervals, pingouin)."
    )


def describe_paths(paths: pd.DataFrame, *, n: int, seed: int, booted: bool, standardised: bool) -> str:
    """The paths in words (HTML): total = direct + indirect, which intervals leave out 0, the units."""
    by = {
        (r.effect, r.mediator if r.effect in ("a", "b", "indirect") else None): r for r in paths.itertuples()
    }
    total, direct = by[("total", None)].coef, by[("direct", None)].coef
    indirect = [by[("indirect", m)] for m in MEDIATORS]
    parts = " + ".join(f"({_coef(r.coef)})" for r in indirect)
    share = sum(r.coef for r in indirect) / total if total else np.nan
    carry = f", so the three mediators together carry {percent(share)} of it." if np.isfinite(share) else "."
    lines = [
        f"<p><strong>{n:,} simulated students, seed {seed}.</strong> Total effect of distress on life "
        f"satisfaction {_coef(total)}, direct effect {_coef(direct)}, indirect effects (a x b) {parts}. The "
        "total is the direct effect plus the indirect ones: "
        f"{_coef(total)} = {_coef(direct)} + {parts}{carry}</p>"
    ]
    if booted:
        clear = [SHORT[r.mediator] for r in indirect if r.ci_low > 0 or r.ci_high < 0]
        lines.append(
            "<p>Bootstrap 95% intervals that leave out 0: "
            + (escape(", ".join(clear)) if clear else "none")
            + ". Simulated students, measured once: the paths describe how the scores hang together "
            "in this sample, not what causes what.</p>"
        )
    else:
        lines.append("<p>The indirect effects have no interval until the bootstrap has run.</p>")
    if not standardised:
        lines.append(RAW_UNITS)
    return "".join(lines)


def path_rows(paths: pd.DataFrame, *, n_boot: int, booted: bool) -> list[list[str]]:
    """Rows of the paths table: path, estimate, 95% interval, p, where the interval comes from."""
    rows = []
    for label, r in zip(row_labels(), paths.itertuples(), strict=True):
        how = "least squares"
        if r.effect == "indirect":
            how = "bootstrap" if booted else "bootstrap not run"
        interval = "n/a" if np.isnan(r.ci_low) else ci(r.ci_low, r.ci_high)
        p = "n/a" if np.isnan(r.p_val) else boot_p(r.p_val, n_boot if r.effect == "indirect" else None)
        rows.append([label, _coef(r.coef), interval, p, how])
    return rows


def published_rows(published: pd.DataFrame) -> list[list[str]]:
    """Rows of the published-weights table (from :mod:`sclab.lessons.mediation_weights`)."""
    rows = []
    for r in published.itertuples():
        here = "not simulated"
        if not np.isnan(r.coef):
            here = _coef(r.coef) + ("" if np.isnan(r.ci_low) else f" [{_coef(r.ci_low)}, {_coef(r.ci_high)}]")
        card = "" if np.isnan(r.card) else _coef(r.card)
        basis = f"{r.kind}: {r.basis}" if r.kind and not r.basis.startswith(r.kind) else r.basis
        rows.append([r.link, r.published or "none in reach", r.published_basis, card, basis, here])
    return rows
