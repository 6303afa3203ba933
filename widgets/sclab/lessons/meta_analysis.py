"""The model behind :class:`~sclab.ui.explorers.meta_analysis_explorer.MetaAnalysisExplorer`: a set
of simulated studies from the ``trauma-self-compassion`` card, their pooled fixed-effect and
random-effects estimates, and the words and tables that describe them. No ipywidgets or plotly.

Statistics come from :mod:`sclab.stats.meta_analysis` (statsmodels' ``combine_effects``); the
studies from :mod:`sclab.populations.study_sets`. Texts are plain (the view escapes them).

>>> result = run(design_from_card(), seed=2008)
>>> len(result.published), result.meta.pooled["model"].tolist()
(10, ['fixed', 'random'])
>>> study_table(result).header[:3]
['study', 'n', 'r [95% CI]']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from sclab.formatting import ci, number, p_value, percent, r_value, with_ci
from sclab.lessons.table import Table
from sclab.populations.study_sets import (
    MAX_RUNS_PER_STUDY,
    StudySetDesign,
    design_from_card,
    simulate_studies,
)
from sclab.stats.meta_analysis import MetaAnalysis, correlation_meta_analysis
from sclab.validation import whole_number

__all__ = [
    "ABOUT",
    "ABOUT_TITLE",
    "CARD",
    "K_RANGE",
    "N_RANGE",
    "TAU_RANGE",
    "StudySetResult",
    "cluster_correlations",
    "cluster_table",
    "design_from_card",
    "explorer_design",
    "forest_rows",
    "pooled_lines",
    "provenance_lines",
    "run",
    "study_table",
]

CARD = "trauma-self-compassion"
#: Slider ranges: studies in a set, people per study, SD of the true effects (Fisher z).
K_RANGE = (2, 40)
N_RANGE = (10, 1000)
TAU_RANGE = (0.0, 0.4)

ABOUT_TITLE = "How the studies are made and pooled"
ABOUT = [
    "Each simulated study draws its own number of people between the two ends of the n slider, and "
    "its own true correlation: on Fisher's z scale, the pooled value plus a random amount with SD tau. "
    "It then simulates that many pairs of scores and reports the observed r with its 95% interval.",
    "The fixed-effect estimate assumes every study measures one and the same true correlation and "
    "weights each study by its precision (n - 3 on the z scale). The random-effects estimate "
    "(DerSimonian and Laird) also estimates how much the true correlations vary between studies "
    "(tau squared) and shares the weight out more evenly, so its interval is wider when the studies "
    "disagree. I squared is the share of the spread in the observed correlations that sampling "
    "error alone does not explain.",
    "With 'publish only significant' on, studies that did not reach p < .05 in the expected direction "
    "stay in a file drawer and more studies are run until enough are significant: what a reader "
    "of the journals would see if only such results were printed.",
    "Everything here is simulated from the course's card; no real study's data is shown.",
]


@dataclass(frozen=True)
class StudySetResult:
    """One simulated set: the design and seed, every study run, the published ones, and their
    meta-analysis (``None`` when fewer than two studies were published)."""

    design: StudySetDesign
    seed: int
    runs: pd.DataFrame
    published: pd.DataFrame
    meta: MetaAnalysis | None

    @property
    def file_drawer(self) -> int:
        """How many studies were run but not published."""
        return len(self.runs) - len(self.published)


def explorer_design(
    *,
    k: int | None = None,
    n_range: tuple[int, int] | None = None,
    tau: float | None = None,
    only_significant: bool = False,
) -> StudySetDesign:
    """The card's study set with the explorer's settings (``None``: the card's), within the sliders' ranges.

    >>> explorer_design(k=4).k, explorer_design().n_min
    (4, 30)
    """
    card = design_from_card()
    k = card.k if k is None else whole_number(k, "k", *K_RANGE, "of studies")
    lo, hi = (card.n_min, card.n_max) if n_range is None else n_range
    whole_number(lo, "n_range[0]", N_RANGE[0], N_RANGE[1], "of people in the smallest study")
    whole_number(hi, "n_range[1]", lo, N_RANGE[1], "of people in the largest study (from n_range[0])")
    tau = card.tau if tau is None else tau
    if isinstance(tau, bool) or not isinstance(tau, (int, float)) or not TAU_RANGE[0] <= tau <= TAU_RANGE[1]:
        raise ValueError(f"tau must be a number from {TAU_RANGE[0]} to {TAU_RANGE[1]}; got {tau!r}")
    return dataclasses.replace(
        card, k=k, n_min=lo, n_max=hi, tau=float(tau), only_significant=only_significant
    )


def run(design: StudySetDesign, seed: int) -> StudySetResult:
    """Simulate the studies of ``design`` from ``seed`` and pool the published ones."""
    runs = simulate_studies(design, seed)
    published = runs[runs["published"]].reset_index(drop=True)
    meta = correlation_meta_analysis(published) if len(published) >= 2 else None
    return StudySetResult(design, seed, runs, published, meta)


def forest_rows(result: StudySetResult) -> pd.DataFrame:
    """The forest plot's rows, top to bottom: each published study, then the two pooled estimates.

    Columns ``label``, ``r``, ``ci_low``, ``ci_high``, ``weight`` (random-effects share, 0-1; the
    pooled rows have none) and ``kind`` (``study``, ``fixed`` or ``random``).
    """
    if result.meta is None:
        return pd.DataFrame(columns=["label", "r", "ci_low", "ci_high", "weight", "kind"])
    s, p = result.meta.studies, result.meta.pooled
    labels = [f"Study {i} (n = {n})" for i, n in zip(result.published["study"], s["n"], strict=True)]
    rows = pd.DataFrame(
        {"label": labels, "r": s["r"], "ci_low": s["ci_low"], "ci_high": s["ci_high"]}
        | {"weight": s["weight_random"], "kind": "study"}
    )
    names = {"fixed": "Fixed effect (pooled)", "random": "Random effects (pooled)"}
    pooled = pd.DataFrame(
        {"label": p["model"].map(names), "r": p["r"], "ci_low": p["ci_low"], "ci_high": p["ci_high"]}
        | {"weight": float("nan"), "kind": p["model"]}
    )
    return pd.concat([rows, pooled], ignore_index=True)


def _p_cell(p: float) -> str:
    """``.002`` or ``< .001``: a p value for a table column headed p."""
    return p_value(p).removeprefix("p = ").removeprefix("p ")


def _interval(r: float, low: float, high: float) -> str:
    return f"{r_value(r)} [{r_value(low)}, {r_value(high)}]"


def study_table(result: StudySetResult) -> Table:
    """The table beside the plot: each published study and the two pooled estimates."""
    header = ["study", "n", "r [95% CI]", "p", "weight (fixed)", "weight (random)"]
    caption = f"Published studies (seed {result.seed}) and the pooled estimates"
    if result.meta is None:
        return Table(caption, header, [])
    s = result.meta.studies
    rows = [
        [f"Study {i}", f"{n}", _interval(r, lo, hi), _p_cell(p), percent(wf, 1), percent(wr, 1)]
        for i, n, r, lo, hi, p, wf, wr in zip(
            result.published["study"], s["n"], s["r"], s["ci_low"], s["ci_high"], s["p_val"],
            s["weight_fixed"], s["weight_random"], strict=True,
        )
    ]  # fmt: skip
    for _, row in result.meta.pooled.iterrows():
        name = "Fixed effect" if row["model"] == "fixed" else "Random effects"
        interval = _interval(row["r"], row["ci_low"], row["ci_high"])
        total = f"{int(s['n'].sum())}"
        rows.append([name, total, interval, _p_cell(row["p_val"]), "", ""])
    return Table(caption, header, rows)


def pooled_lines(result: StudySetResult) -> list[str]:
    """What this set shows, sentence by sentence: the design, both estimates, the heterogeneity,
    and (with publication bias) the file drawer."""
    d = result.design
    lines = [
        f"Seed {result.seed}: {len(result.published)} published studies of {d.n_min} to {d.n_max} people; "
        f"true correlations drawn around r = {r_value(d.pooled_r)} with tau = {number(d.tau)} "
        "(Fisher z), the card's values unless you moved the sliders."
    ]
    if d.only_significant:
        lines.append(
            f"Only significant studies were published: {len(result.runs)} were run and "
            f"{result.file_drawer} stayed in the file drawer."
        )
        if len(result.published) < d.k:
            lines.append(
                f"After {MAX_RUNS_PER_STUDY} runs per study wanted, only {len(result.published)} of "
                f"the {d.k} studies asked for were significant."
            )
    if result.meta is None:
        lines.append("Fewer than two studies were published, so there is nothing to pool.")
        return lines
    for _, row in result.meta.pooled.iterrows():
        name = "Fixed effect" if row["model"] == "fixed" else "Random effects"
        lines.append(
            f"{name}: {with_ci('r', row['r'], row['ci_low'], row['ci_high'])}, {p_value(row['p_val'])}."
        )
    h = result.meta.heterogeneity.iloc[0]
    lines.append(
        f"Heterogeneity: Q({int(h['df'])}) = {number(h['q'])}, {p_value(h['p_q'])}; tau squared = "
        f"{number(h['tau2'], 3)} (tau = {number(h['tau'])}, built in: {number(d.tau)}); "
        f"I squared = {percent(h['i2'])}."
    )
    return lines


def cluster_table(sample: pd.DataFrame | None = None) -> Table:
    """Self-compassion's correlation with each symptom cluster in the card's snapshot (one study of
    100 simulated students, like Thompson and Waltz's), with 95% intervals and p."""
    from sclab.populations.samples import load_sample
    from sclab.stats import correlation

    data = load_sample(CARD) if sample is None else sample
    rows = []
    for column, label in [
        ("reexperiencing_total", "Re-experiencing"),
        ("avoidance_total", "Avoidance"),
        ("hyperarousal_total", "Hyperarousal"),
    ]:
        out = correlation(data, "scs_total", column).iloc[0]
        rows.append([label, r_value(out["r"]), ci(out["ci_low"], out["ci_high"]), p_value(out["p_val"])])
    caption = f"Self-compassion (SCS total) with each simulated symptom cluster, n = {len(data)}"
    return Table(caption, ["cluster", "r", "95% CI", "p"], rows)


def cluster_correlations(sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`cluster_table` as a small frame for a notebook cell (one row a cluster, text cells)."""
    t = cluster_table(sample)
    frame = pd.DataFrame(t.rows, columns=t.header).set_index("cluster")
    frame.columns.name = t.caption
    return frame


def provenance_lines(card_id: str = CARD) -> list[str]:
    """Where the explorer's built-in values come from: each study_set figure with its basis."""
    from sclab.populations.card import load_card

    card = load_card(card_id)
    s = card.study_set
    names = {
        "pooled_r": "mean true correlation",
        "tau": "between-study SD of the true correlations (Fisher z)",
        "k": "number of studies",
        "n_min": "smallest study",
        "n_max": "largest study",
    }
    a, b = (card.variable(v).label for v in s.between)
    lines = [f"The simulated studies estimate the link between {a} and {b} (card {card.id})."]
    for field, label in names.items():
        fig = getattr(s, field)
        lines.append(f"{label} = {fig.value:g}: {card.cite(fig)}")
    return lines
