"""The model behind :class:`~sclab.ui.explorers.trial_simulator.TrialSimulator`: effect sizes from the
meta-analyses, the assumptions that shrink or bias them, one simulated two-arm trial, and the
analytic power to set beside the simulated curve. No ipywidgets or plotly here.

Outcomes are in SD units (higher = better), so the programme's true advantage is Cohen's d.

>>> design = Design(effect=0.57, control="active", active_share=0.8)
>>> round(design.true_difference, 3)
0.114
>>> trial = one_trial(design, n_per_arm=25, seed=1)
>>> trial.n1, trial.n2
(25, 25)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "ARMS",
    "EFFECTS",
    "PUBLISHED_G",
    "THREE_ARM_OUTCOMES",
    "Design",
    "Trial",
    "analytic_power",
    "one_trial",
    "three_arm_sample",
    "three_arm_summary",
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

ALPHA = 0.05
LEVEL = 0.95


@dataclass(frozen=True)
class Design:
    """A two-arm trial design in SD units.

    ``effect``: the programme's advantage over no treatment (d, e.g. a meta-analytic g).
    ``control``: ``"waitlist"`` (no treatment) or ``"active"`` (another treatment that produces
    ``active_share`` of the programme's gain). ``baseline_gap``: with non-randomised assignment,
    how far ahead the programme arm already is before anything happens (0 when randomised).
    """

    effect: float
    control: str = "waitlist"
    active_share: float = ACTIVE_SHARE
    baseline_gap: float = 0.0

    def __post_init__(self) -> None:
        for name in ("effect", "active_share", "baseline_gap"):
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
        return self.effect * (1 - self.active_share) if self.control == "active" else self.effect

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

    if isinstance(n_per_arm, bool) or not isinstance(n_per_arm, (int, np.integer)) or n_per_arm < 2:
        raise ValueError(f"n_per_arm must be a whole number, at least 2; got {n_per_arm!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number, 0 or more; got {seed!r}")
    draws = np.random.default_rng(int(seed)).standard_normal((1, 2, int(n_per_arm)))
    programme, control = draws[0, 0] + design.expected_estimate, draws[0, 1]
    frame = pd.DataFrame(
        {
            "outcome": np.r_[programme, control],
            "arm": ["programme"] * len(programme) + ["control"] * len(control),
        }
    )
    g = hedges_g(frame, "outcome", "arm", levels=("programme", "control")).iloc[0]
    p = float(stats.ttest_ind(programme, control, equal_var=True).pvalue)
    return Trial(programme, control, float(g["g"]), float(g["ci_low"]), float(g["ci_high"]), p, int(seed))


def analytic_power(effect: float, ns, *, alpha: float = ALPHA) -> list[float]:
    """Power of Student's two-sided two-sample t test at each n per arm (statsmodels ``TTestIndPower``).

    scipy's noncentral t returns NaN for the far tail on the wrong side of a large effect (e.g.
    d = .57 with 500 per arm); there that tail is below 1e-20, so the upper tail alone is the power.

    >>> [round(p, 3) for p in analytic_power(0.57, [25, 500])]
    [0.506, 1.0]
    """
    from statsmodels.stats.power import TTestIndPower

    ns = np.asarray([int(n) for n in ns])
    solver = TTestIndPower()
    power = np.atleast_1d(solver.power(effect_size=abs(effect), nobs1=ns, alpha=alpha, ratio=1.0))
    bad = np.isnan(power)
    if bad.any():
        upper = solver.power(
            effect_size=abs(effect), nobs1=ns[bad], alpha=alpha / 2, ratio=1.0, alternative="larger"
        )
        power[bad] = np.atleast_1d(upper)
    return [float(p) for p in power]


#: The shipped snapshot of card ``sc-intervention-trial`` was drawn with this seed.
THREE_ARM_SEED = 2019
THREE_ARM_OUTCOMES = {
    "gad": "Anxiety (GAD-7-style, 0-21, lower = better)",
    "dep": "Depression (DASS-21-style, 0-21, lower = better)",
    "scp": "Self-compassion (practice inventory, 1-5, higher = better)",
}
ARMS = ("usual_care", "mindfulness", "self_compassion")
#: The pooled g each meta-analysis reports for each outcome (literature.md); the card builds them in
#: as the self-compassion arm's difference from usual care at post (sign: toward improvement).
PUBLISHED_G = {
    "ferrari-2019": {"scp": 0.75, "gad": 0.57, "dep": 0.66},
    "wilson-2019": {"scp": 0.52, "gad": 0.46, "dep": 0.40},
}


def three_arm_sample(variant: str = "ferrari-2019", *, seed: int = THREE_ARM_SEED) -> pd.DataFrame:
    """75 simulated patients (3 arms of 25) from card ``sc-intervention-trial``; ``variant`` chooses
    the meta-analysis behind the arms' differences (``"ferrari-2019"`` or ``"wilson-2019"``).
    With the default variant and seed this is the shipped snapshot."""
    from sclab import simulate

    if variant not in ("ferrari-2019", "wilson-2019"):
        raise ValueError(f"variant must be 'ferrari-2019' or 'wilson-2019'; got {variant!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number, 0 or more; got {seed!r}")
    return simulate("sc-intervention-trial", n=75, seed=int(seed), variant=variant)


def three_arm_summary(data: pd.DataFrame | None = None, *, outcome: str = "gad") -> pd.DataFrame:
    """Per arm of a three-arm sample (default: the shipped snapshot): n, mean ``pre``, ``post`` and
    ``fu`` (3-month) scores, and Hedges g at post against usual care with its 95% interval
    (``g``, ``ci_low``, ``ci_high``; NaN for usual care). ``outcome`` is ``"gad"``, ``"dep"`` or
    ``"scp"``.

    >>> three_arm_summary()["arm"].tolist()
    ['usual_care', 'mindfulness', 'self_compassion']
    """
    from sclab.stats import hedges_g

    if outcome not in THREE_ARM_OUTCOMES:
        raise ValueError(
            f"outcome must be one of {', '.join(map(repr, THREE_ARM_OUTCOMES))}; got {outcome!r}"
        )
    if data is None:
        from sclab import load_sample

        data = load_sample("sc-intervention-trial")
    col = {"scp": "scp_{}_total"}.get(outcome, outcome + "_{}")
    rows = []
    for arm in ARMS:
        part = data[data["arm"] == arm]
        row = {"arm": arm, "n": len(part)}
        row.update({t: float(part[col.format(t)].mean()) for t in ("pre", "post", "fu")})
        if arm == "usual_care":
            row.update(g=np.nan, ci_low=np.nan, ci_high=np.nan)
        else:
            g = hedges_g(data, col.format("post"), "arm", levels=(arm, "usual_care")).iloc[0]
            row.update(g=float(g["g"]), ci_low=float(g["ci_low"]), ci_high=float(g["ci_high"]))
        rows.append(row)
    return pd.DataFrame(rows)
