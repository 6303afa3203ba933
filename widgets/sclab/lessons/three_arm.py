"""The model behind :class:`~sclab.ui.explorers.three_arm_trial.ThreeArmTrial`; no ipywidgets or plotly.

Card ``sc-intervention-trial``: 75 simulated patients with generalised anxiety, 25 each in
treatment as usual, a mindfulness group and a self-compassion group, measured before, after the
sessions and 3 months later; the variant chooses the meta-analysis behind the arms' differences.
The published effect sizes are read from the card (its variants), never copied here.

>>> published_g("wilson-2019", "gad")
-0.46
>>> three_arm_summary()["arm"].tolist()
['usual_care', 'mindfulness', 'self_compassion']
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from sclab.formatting import number, percent
from sclab.lessons.power import analytic_power
from sclab.validation import seed as seed_check

__all__ = [
    "ARMS",
    "ARM_LABELS",
    "CARD",
    "NOTABLE_GAP",
    "OUTCOMES",
    "SEED",
    "TIMES",
    "VARIANTS",
    "baseline_gaps",
    "baseline_note",
    "better",
    "check_choices",
    "describe_sample",
    "published_g",
    "summary_rows",
    "three_arm_sample",
    "three_arm_summary",
]

CARD = "sc-intervention-trial"
#: The shipped snapshot of the card was drawn with this seed.
SEED = 2019
#: outcome key: its name, what kind of scale it is, and which direction is better.
_OUTCOME_WORDS = {
    "gad": ("Anxiety", "GAD-7-style", "lower"),
    "dep": ("Depression", "DASS-21-style", "lower"),
    "scp": ("Self-compassion", "practice inventory", "higher"),
}


def _outcome_label(key: str) -> str:
    """``'Anxiety (GAD-7-style, 0-21, lower = better)'``: the range comes from the card's scale."""
    from sclab.lessons.card_variables import score_range

    name, kind, better = _OUTCOME_WORDS[key]
    lo, hi = score_range(CARD, f"{key}_pre")
    return f"{name} ({kind}, {lo}-{hi}, {better} = better)"


OUTCOMES = {key: _outcome_label(key) for key in _OUTCOME_WORDS}
ARMS = ("usual_care", "mindfulness", "self_compassion")
ARM_LABELS = {
    "usual_care": "Treatment as usual",
    "mindfulness": "Mindfulness group",
    "self_compassion": "Self-compassion group",
}
VARIANTS = {"ferrari-2019": "Ferrari et al. 2019", "wilson-2019": "Wilson et al. 2019"}
TIMES = ("pre", "post", "fu")
#: A gap between two arms before the sessions at least this large, in SD units, gets a note.
NOTABLE_GAP = 0.2


def check_choices(variant: str | None = None, outcome: str | None = None) -> None:
    """Refuse a ``variant`` or ``outcome`` the card does not have, naming the valid ones."""
    if variant is not None and variant not in VARIANTS:
        raise ValueError(f"variant must be 'ferrari-2019' or 'wilson-2019'; got {variant!r}")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(map(repr, OUTCOMES))}; got {outcome!r}")


def _column(outcome: str, time: str) -> str:
    """The sample's column of ``outcome`` at ``time``: ``'gad_post_total'`` (``Card.score_column``)."""
    from sclab.populations.card import load_card

    return load_card(CARD).score_column(f"{outcome}_{time}")


def published_g(variant: str, outcome: str) -> float:
    """The pooled g the card builds in for the self-compassion arm at post (its sign: the direction
    of improvement on that outcome), read from the card's ``variant``."""
    from sclab.populations.card import load_card

    check_choices(variant, outcome)
    card = load_card(CARD).with_variant(variant)
    variable = f"{outcome}_post"
    return next(
        e.d.value for e in card.group_effects if e.variable == variable and e.level == "self_compassion"
    )


def three_arm_sample(variant: str = "ferrari-2019", *, seed: int = SEED) -> pd.DataFrame:
    """75 simulated patients (3 arms of 25) from the card; ``variant`` chooses the meta-analysis behind
    the arms' differences. With the default variant and seed this is the shipped snapshot."""
    from sclab import simulate

    check_choices(variant)
    return simulate(CARD, n=75, seed=seed_check(seed), variant=variant)


def three_arm_summary(data: pd.DataFrame | None = None, *, outcome: str = "gad") -> pd.DataFrame:
    """Per arm of a three-arm sample (default: the shipped snapshot): ``arm``, ``n``, mean ``pre``,
    ``post`` and ``fu`` (3-month) scores, and Hedges g at post against usual care with its 95%
    interval (``g``, ``ci_low``, ``ci_high``; NaN for usual care)."""
    from sclab.stats import hedges_g

    check_choices(outcome=outcome)
    if data is None:
        from sclab import load_sample

        data = load_sample(CARD)
    post = _column(outcome, "post")
    rows = []
    for arm in ARMS:
        part = data[data["arm"] == arm]
        row = {"arm": arm, "n": len(part), **{t: float(part[_column(outcome, t)].mean()) for t in TIMES}}
        row.update(g=np.nan, ci_low=np.nan, ci_high=np.nan)
        if arm != "usual_care":
            g = hedges_g(data, post, "arm", levels=(arm, "usual_care")).iloc[0]
            row.update(g=float(g["g"]), ci_low=float(g["ci_low"]), ci_high=float(g["ci_high"]))
        rows.append(row)
    return pd.DataFrame(rows)


def describe_sample(summary: pd.DataFrame, *, variant: str, outcome: str, seed: int) -> str:
    """What the sample shows beside what the card builds in, in words (HTML)."""
    out = summary.set_index("arm")
    sc, uc = out.loc["self_compassion"], out.loc["usual_care"]
    built_in = published_g(variant, outcome)
    power = analytic_power(built_in, [25])[0]
    shown = f"{sc['g']:+.2f}, 95% CI [{number(sc['ci_low'])}, {number(sc['ci_high'])}]"
    return (
        f"<p><strong>75 simulated patients, seed {seed}</strong> (not real patients). "
        f"{escape(OUTCOMES[outcome])}. The card builds in a difference of g = {built_in:+.2f} between the "
        f"self-compassion group and usual care after the sessions ({VARIANTS[variant]}); this sample shows "
        f"g = {shown}. With 25 per arm, a two-arm comparison has about {percent(power)} power to detect "
        f"g = {abs(built_in):.2f} (formula). Before the sessions the self-compassion group's mean was "
        f"{sc['pre'] - uc['pre']:+.2f} points from usual care's: here only chance, but without "
        "randomisation such a difference can be real and be mistaken for an effect.</p>"
    )


def baseline_gaps(data: pd.DataFrame, *, outcome: str = "gad") -> pd.DataFrame:
    """How far each programme arm stood from usual care *before* the sessions: ``arm``, ``diff``
    (arm mean minus usual care's, in points) and ``d`` (Cohen's d, pooled SD, :func:`sclab.stats.cohens_d`)
    with its 95% interval (``ci_low``, ``ci_high``).

    >>> list(baseline_gaps(three_arm_sample(seed=5))["arm"])
    ['mindfulness', 'self_compassion']
    """
    from sclab.stats import cohens_d

    check_choices(outcome=outcome)
    pre = _column(outcome, "pre")
    rows = []
    for arm in ARMS[1:]:
        d = cohens_d(data, pre, "arm", levels=(arm, "usual_care")).iloc[0]
        diff = data.loc[data["arm"] == arm, pre].mean() - data.loc[data["arm"] == "usual_care", pre].mean()
        rows.append(
            {
                "arm": arm,
                "diff": float(diff),
                "d": float(d["d"]),
                "ci_low": float(d["ci_low"]),
                "ci_high": float(d["ci_high"]),
            }
        )
    return pd.DataFrame(rows)


def _gap_sentence(arm: str, d: float, outcome: str) -> str:
    """One arm's head start or handicap against usual care, in words."""
    name = _OUTCOME_WORDS[outcome][0].lower()
    ahead = d < 0 if better(outcome) == "lower" else d > 0
    side = "lower" if d < 0 else "higher"
    return (
        f"the {ARM_LABELS[arm].lower()} scored {number(abs(d))} SD {side} on {name} than treatment as usual "
        f"(d = {d:+.2f}), so it started {'ahead' if ahead else 'behind'} and its g after the sessions "
        f"{'overstates' if ahead else 'understates'} what the programme did"
    )


def baseline_note(data: pd.DataFrame, *, outcome: str = "gad", threshold: float = NOTABLE_GAP) -> str:
    """A paragraph (HTML) when an arm stood at least ``threshold`` SD from usual care before the
    sessions (:func:`baseline_gaps`), saying how far and why; ``""`` when no gap is that large."""
    gaps = baseline_gaps(data, outcome=outcome)
    notable = gaps[gaps["d"].abs() >= threshold]
    if notable.empty:
        return ""
    said = "; ".join(_gap_sentence(r.arm, r.d, outcome) for r in notable.itertuples())
    per_arm = int(data["arm"].value_counts().min())
    return (
        f"<p><strong>The arms did not start level.</strong> Before the sessions {escape(said)}. In this "
        f"simulation all three arms come from one population, so the gap is chance: with {per_arm} "
        "patients per arm a difference of this size turns up often. Random assignment balances the arms "
        "on average, over many trials, not in every small one. Compare each arm's change from before to "
        "after, or press New sample to see how the gap and the g move together.</p>"
    )


def summary_rows(summary: pd.DataFrame) -> list[list[str]]:
    """Rows of the table: arm, n, mean before, after and 3 months later, g at post [95% CI]."""
    rows = []
    for r in summary.itertuples():
        g = (
            "comparison arm"
            if r.arm == "usual_care"
            else f"{r.g:+.2f} [{number(r.ci_low)}, {number(r.ci_high)}]"
        )
        rows.append([ARM_LABELS[r.arm], f"{int(r.n)}", number(r.pre), number(r.post), number(r.fu), g])
    return rows


def better(outcome: str) -> str:
    """Which way is better on ``outcome``: ``"lower"`` (anxiety, depression) or ``"higher"``."""
    return "lower" if outcome in ("gad", "dep") else "higher"
