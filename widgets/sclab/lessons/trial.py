"""The model behind :class:`~sclab.ui.explorers.trial_simulator.TrialSimulator`: effect sizes from the
meta-analyses, the assumptions that shrink or bias them, one simulated two-arm trial, and the
words that say what the design assumes and what one trial found. Power by formula is in
:mod:`sclab.lessons.power`. No ipywidgets or plotly here.

Outcomes are in SD units (higher = better), so the programme's true advantage is Cohen's d.

>>> design = Design(effect_size=0.57, control="active", active_share=0.8)
>>> round(design.true_difference, 3)
0.114
>>> trial = one_trial(design, n_per_arm=25, seed=1)
>>> trial.n1, trial.n2
(25, 25)
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd

from sclab.formatting import number, p_value, percent, with_ci
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = [
    "ACTIVE_SHARE",
    "BASELINE_GAP",
    "EFFECTS",
    "Design",
    "Trial",
    "describe_design",
    "describe_trial",
    "effect_source",
    "one_trial",
    "trial_rows",
]

#: (label, Hedges g, source) of the pooled effects in literature.md, for the effect-size menu.
EFFECTS: list[tuple[str, float, str]] = [
    ("Ferrari et al. 2019: self-compassion, g = .75", 0.75, "Ferrari et al. 2019 (27 RCTs)"),
    ("Ferrari et al. 2019: anxiety, g = .57", 0.57, "Ferrari et al. 2019 (27 RCTs)"),
    ("Ferrari et al. 2019: depression, g = .66", 0.66, "Ferrari et al. 2019 (27 RCTs)"),
    ("Ferrari et al. 2019: stress, g = .67", 0.67, "Ferrari et al. 2019 (27 RCTs)"),
    ("Wilson et al. 2019: self-compassion, g = .52", 0.52, "Wilson et al. 2019 (22 RCTs)"),
    ("Wilson et al. 2019: anxiety, g = .46", 0.46, "Wilson et al. 2019 (22 RCTs)"),
    ("Wilson et al. 2019: depression, g = .40", 0.40, "Wilson et al. 2019 (22 RCTs)"),
]

#: Assumption (not a published figure): the share of the programme's gain an active control
#: also produces. Wilson et al. 2019 found no advantage of self-compassion therapies over active
#: controls, so most of the gain is assumed to come from what any active treatment offers.
ACTIVE_SHARE = 0.8
#: Assumption: how far ahead the programme arm starts when patients choose their arm (d).
BASELINE_GAP = 0.3


@dataclass(frozen=True)
class Design:
    """A two-arm trial design in SD units.

    ``effect_size``: the programme's advantage over no treatment (d, e.g. a meta-analytic g).
    ``control``: ``"waitlist"`` (no treatment) or ``"active"`` (another treatment that produces
    ``active_share`` of the programme's gain). ``baseline_gap``: with non-randomised assignment,
    how far ahead the programme arm already is before anything happens (0 when randomised).
    """

    effect_size: float
    control: str = "waitlist"
    active_share: float = ACTIVE_SHARE
    baseline_gap: float = 0.0

    def __post_init__(self) -> None:
        for name in ("effect_size", "active_share", "baseline_gap"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.number))
                or not np.isfinite(value)
            ):
                raise ValueError(f"{name} must be a finite number; got {value!r}")
        if self.control not in ("waitlist", "active"):
            raise ValueError(f"control must be 'waitlist' or 'active'; got {self.control!r}")
        if not 0 <= self.active_share <= 1:
            raise ValueError(
                f"active_share must be from 0 to 1 (a share of the gain); got {self.active_share!r}"
            )

    @property
    def true_difference(self) -> float:
        """The programme's real advantage over this control arm (d)."""
        share = self.active_share if self.control == "active" else 0.0
        return self.effect_size * (1 - share)

    @property
    def expected_estimate(self) -> float:
        """What the trial estimates on average: the real advantage plus any baseline gap (bias)."""
        return self.true_difference + self.baseline_gap


@dataclass(frozen=True)
class Trial:
    """One simulated trial: outcomes per arm, Hedges g with its 95% interval, the t test's p."""

    programme: np.ndarray
    control: np.ndarray
    g: float
    ci_low: float
    ci_high: float
    p_val: float
    seed: int

    @property
    def n1(self) -> int:
        return len(self.programme)

    @property
    def n2(self) -> int:
        return len(self.control)


def one_trial(design: Design, n_per_arm: int, seed: int) -> Trial:
    """Simulate one trial with ``n_per_arm`` per arm: Hedges g (sclab.stats) and Student's t (scipy).

    The draws are those of the first trial in :func:`sclab.stats.power_by_simulation` with the same
    seed (one ``(1, 2, n)`` block), shifted by the design's expected estimate.
    """
    from scipy import stats

    from sclab.stats import hedges_g

    n_per_arm, seed = whole_number(n_per_arm, "n_per_arm", 2), seed_check(seed)
    draws = np.random.default_rng(seed).standard_normal((1, 2, n_per_arm))
    programme, control = draws[0, 0] + design.expected_estimate, draws[0, 1]
    frame = pd.DataFrame(
        {
            "outcome": np.r_[programme, control],
            "arm": ["programme"] * len(programme) + ["control"] * len(control),
        }
    )
    g = hedges_g(frame, "outcome", "arm", levels=("programme", "control")).iloc[0]
    p = float(stats.ttest_ind(programme, control, equal_var=True).pvalue)
    return Trial(programme, control, float(g["g"]), float(g["ci_low"]), float(g["ci_high"]), p, seed)


def effect_source(effect_size: float) -> str | None:
    """The meta-analysis whose pooled g is ``effect_size`` (:data:`EFFECTS`), or None for one's own value."""
    return next((source for _, g, source in EFFECTS if abs(g - effect_size) < 1e-9), None)


def describe_design(design: Design, source: str | None) -> str:
    """What the design takes as given, in words (HTML): the effect, its origin, and each assumption."""
    origin = f"the pooled g of {escape(source)}" if source else "your own value"
    lines = [
        f"Programme effect d = {design.effect_size:.2f} ({origin}), taken as the advantage over no treatment."
    ]
    if design.control == "active":
        lines.append(
            f"<em>Assumption:</em> the active control produces {percent(design.active_share)} of that gain, "
            f"so the programme's real advantage over it is d = {design.true_difference:.2f}. Why: Wilson et "
            "al. (2019) found no advantage of self-compassion therapies over active controls."
        )
    if design.baseline_gap:
        lines.append(
            "<em>Assumption:</em> without randomisation the programme arm starts "
            f"d = {design.baseline_gap:.2f} ahead, so a trial estimates d = {design.expected_estimate:.2f} "
            f"on average: {design.baseline_gap:.2f} of it is not the programme (bias)."
        )
    return "<p>" + "<br>".join(lines) + "</p>"


def describe_trial(trial: Trial, design: Design) -> str:
    """What one simulated trial found, in words (HTML): g with its interval, p and the built-in value."""
    verdict = "significant at .05" if trial.p_val < 0.05 else "not significant at .05"
    head_start = (
        f", of which {design.baseline_gap:.2f} is a head start at baseline" if design.baseline_gap else ""
    )
    found = with_ci("g", trial.g, trial.ci_low, trial.ci_high, bounded=False)
    return (
        f"<p><strong>Simulated trial, seed {trial.seed}, {trial.n1} per arm:</strong> estimated {found}, "
        f"{p_value(trial.p_val)} (Student's t test), {verdict}. The value built into this design is "
        f"d = {design.expected_estimate:.2f}{head_start}. Simulated people, not patients.</p>"
    )


def trial_rows(trial: Trial) -> list[list[str]]:
    """Rows of the trial's table: arm, n, mean and SD of the outcome."""
    return [
        [name, f"{len(arm)}", number(arm.mean()), number(arm.std(ddof=1))]
        for name, arm in (("Programme arm", trial.programme), ("Control arm", trial.control))
    ]
