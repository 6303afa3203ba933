"""``ScoringExplorer``: reverse keying, short vs long form and measurement error on a simulated SCS sample.

>>> view = ScoringExplorer(n=300, seed=2)
>>> view.keying.value, view.seed.value
('correct', 2)
>>> view.new_sample_button.click(); view.seed.value
3
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from sclab.measure.instrument import load_instrument
from sclab.measure.psychometrics import (
    Z95,
    alpha_with_and_without_keying,
    apply_key,
    balanced_subset,
    error_band,
    item_total_correlations,
    keying_sets,
    observed_scores,
    sem,
    short_form_summary,
    short_total,
)
from sclab.populations.comparison import ComparisonSample
from sclab.ui._controls import next_seed_button, seed_box, size_slider
from sclab.ui._html import table
from sclab.ui.palette import COMPASSIONATE, SAMPLE, YOU, side_colour
from sclab.validation import MAX_SEED

__all__ = ["ScoringExplorer"]

_CARD = "students-scs"
_N_MIN, _N_MAX = 100, 5000
_DRAWS = 2000
_WIDE = {"description_width": "initial"}
_SLIDER = {"width": "30em"}  # with a long label, the default width leaves a very short track
_SIDE = {"positive": "compassionate", "negative": "uncompassionate"}
_ABBREV = {
    "self_kindness": "SK",
    "self_judgment": "SJ",
    "common_humanity": "CH",
    "isolation": "IS",
    "mindfulness": "MI",
    "over_identification": "OI",
}
_KEY_LABELS = {
    "correct": "Reverse the uncompassionate items",
    "none": "Reverse nothing",
    "first_negative_only": "Reverse self-judgment only",
}
_KEY_TEXT = {
    "correct": (
        "<strong>Keyed correctly.</strong> The 13 uncompassionate items (self-judgment, isolation, "
        "over-identification) are turned around (6 minus the answer), so a higher number always means "
        "more self-compassion. The total is the mean of the six component means."
    ),
    "none": (
        "<strong>Not keyed.</strong> The total is the plain mean of all 26 raw answers: agreeing with a "
        "harsh statement now counts as much toward the total as agreeing with a kind one, so the two "
        "halves partly cancel. Because the scale has 13 items of each kind, neither side wins, and "
        "every item agrees only weakly with the total."
    ),
    "first_negative_only": (
        "<strong>A wrong key.</strong> Only the 5 self-judgment items are reversed; the 8 isolation and "
        "over-identification items are left raw, a slip of the kind public scoring tools have made. "
        "Those 8 items now point against the rest of the scale: their item-total correlations turn "
        "negative, which is how analysts spot a mistaken key."
    ),
}


@dataclass(frozen=True)
class _Sample:
    comparison: ComparisonSample
    long_total: np.ndarray
    item_r: dict[str, np.ndarray]  # keying -> corrected item-total r, in the instrument's item order
    summary: pd.DataFrame  # alpha_with_and_without_keying
    errors: np.ndarray  # standard normal draws for the retake simulation


@lru_cache(maxsize=8)
def _sample(n: int, seed: int) -> _Sample:
    """Everything that depends only on the sample, computed once per (n, seed)."""
    inst = load_instrument("scs", wording=False)
    ref = ComparisonSample.simulated(_CARD, n=n, seed=seed)
    items = {
        key: item_total_correlations(apply_key(inst, ref.data, rev))["r"].to_numpy()
        for key, rev in keying_sets(inst).items()
    }
    unit = observed_scores(0.0, 1.0, 0.0, n=_DRAWS, seed=seed)  # sem(1, 0) = 1: plain N(0, 1) draws
    return _Sample(
        comparison=ref,
        long_total=ref.values("total"),
        item_r=items,
        summary=alpha_with_and_without_keying(inst, ref.data),
        errors=unit,
    )


@lru_cache(maxsize=64)
def _short(n: int, seed: int, k: int) -> tuple[np.ndarray, pd.Series]:
    inst = load_instrument("scs", wording=False)
    data = _sample(n, seed).comparison.data
    summary = short_form_summary(inst, data, k).iloc[0]
    return short_total(inst, data, balanced_subset(inst, k)).to_numpy(), summary


def _revert_if_not_finite(change: dict) -> bool:
    """A page visitor can send NaN: put the old value back and tell the caller to stop."""
    if isinstance(change["new"], float) and not math.isfinite(change["new"]):
        change["owner"].value = change["old"]
        return True
    return False


class ScoringExplorer(widgets.VBox):
    """Three tabs on a simulated sample of students who answered the 26-item SCS.

    1. *Reverse keying*: corrected item-total correlations and Cronbach's alpha under the right
       key, no key, and a wrong key.
    2. *Long vs short form*: the 26-item total against the mean of ``k`` items spread across the
       six components, with their correlation and the short set's alpha.
    3. *Measurement error*: SEM = SD * sqrt(1 - alpha), the 95% band and 2,000 simulated retakes.

    The sample size and seed are shown and can be changed; "New sample" takes the next seed.
    """

    def __init__(self, *, n: int = 500, seed: int = 1, **kwargs) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or not _N_MIN <= n <= _N_MAX:
            raise ValueError(
                f"n must be a whole number of simulated students from {_N_MIN} to {_N_MAX}; got {n!r}"
            )
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}; got {seed!r}")
        self.instrument = load_instrument("scs", wording=False)
        inst = self.instrument

        # --- the sample ------------------------------------------------------------------------
        self.n = size_slider(
            n,
            _N_MIN,
            _N_MAX,
            step=100,
            tooltip="How many simulated students answer the 26 items",
            description="Simulated students",
            width=_SLIDER["width"],
        )
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(self.seed)
        self.sample_text = widgets.HTML("")
        for ctl in (self.n, self.seed):
            ctl.observe(self._on_sample, names=["value"])

        # --- part 1: reverse keying ------------------------------------------------------------
        self.keying = widgets.ToggleButtons(
            options=[(label, key) for key, label in _KEY_LABELS.items()],
            value="correct",
            description="Scoring key",
            tooltips=[
                "the published key: turn the 13 uncompassionate items around",
                "add up the raw answers as they are",
                "a mistaken key: reverse only the 5 self-judgment items",
            ],
            style={**_WIDE, "button_width": "auto"},
        )
        self.keying.observe(self._draw_keying, names=["value"])
        self._order = [
            it for s in inst.subscales for it in inst.subscale_items(s.id)
        ]  # grouped by component, as a reader scans the chart
        labels = [f"{_ABBREV.get(it.subscale, it.subscale)} {it.number}" for it in self._order]
        polarity = {s.id: s.polarity for s in inst.subscales}
        self._side = [_SIDE[polarity[it.subscale]] for it in self._order]
        self.keying_figure = go.Figure(
            data=[
                go.Bar(
                    name=f"{side.capitalize()} items",
                    x=[],
                    y=[],
                    marker={"color": side_colour(side), "pattern": {"shape": []}},
                    customdata=[],
                    hovertemplate="item %{x}: r = %{y:.2f}<br>%{customdata}<extra></extra>",
                )
                for side in ("compassionate", "uncompassionate")
            ],
            layout=go.Layout(
                title={"text": "Each item against the total of the other 25 (hatched = reversed)"},
                xaxis={
                    "title": "item (component and number)",
                    "categoryorder": "array",
                    "categoryarray": labels,
                },
                yaxis={
                    "title": "corrected item-total r",
                    "range": [-0.6, 0.8],
                    "dtick": 0.2,
                    "zeroline": True,
                },
                height=380,
                template="plotly_white",
                margin={"t": 50, "b": 60},
                legend={"orientation": "h", "y": -0.3},
            ),
        )
        self._labels = labels
        self.keying_text = widgets.HTML("")
        self.keying_table = widgets.HTML("")
        self.items_table = widgets.HTML("")
        items_box = widgets.Accordion(children=[self.items_table], titles=["The 26 correlations as a table"])
        items_box.selected_index = None

        # --- part 2: long vs short form --------------------------------------------------------
        self.k = widgets.IntSlider(
            value=12,
            min=4,
            max=inst.n_items,
            description="Items in the short set",
            layout=widgets.Layout(**_SLIDER),
            tooltip="How many of the 26 items the short total uses, taken from each component in turn",
            continuous_update=False,
            style=_WIDE,
        )
        self.k.observe(self._draw_short, names=["value"])
        lo, hi = inst.total_range()
        self.short_figure = go.Figure(
            data=[
                go.Scatter(
                    name="One simulated student",
                    x=[],
                    y=[],
                    mode="markers",
                    marker={"color": COMPASSIONATE, "opacity": 0.45, "size": 6},
                    hovertemplate="26 items: %{x:.2f}<br>short set: %{y:.2f}<extra></extra>",
                ),
                go.Scatter(
                    name="Same score on both",
                    x=[lo, hi],
                    y=[lo, hi],
                    mode="lines",
                    line={"color": SAMPLE, "dash": "dash"},
                    hoverinfo="skip",
                ),
            ],
            layout=go.Layout(
                title={"text": ""},
                xaxis={"title": "total from all 26 items", "range": [lo, hi], "constrain": "domain"},
                yaxis={"title": "total from the short set", "range": [lo, hi], "scaleanchor": "x"},
                height=440,
                width=560,
                template="plotly_white",
                margin={"t": 50, "b": 50},
                legend={"orientation": "h", "y": -0.2},
            ),
        )
        self.short_text = widgets.HTML("")
        self.short_table = widgets.HTML("")

        # --- part 3: measurement error ---------------------------------------------------------
        rel = inst.reliability
        self.alpha = widgets.FloatSlider(
            value=rel.alpha.value,
            min=0.5,
            max=0.95,
            step=0.01,
            description="Reliability (alpha)",
            layout=widgets.Layout(**_SLIDER),
            tooltip=f"Cronbach's alpha of the total; the SCS in Spanish students: {rel.alpha.value}",
            readout_format=".2f",
            continuous_update=False,
            style=_WIDE,
        )
        self.sd = widgets.FloatSlider(
            value=rel.sd.value,
            min=0.3,
            max=1.0,
            step=0.01,
            description="SD of the total",
            layout=widgets.Layout(**_SLIDER),
            tooltip=f"How much totals vary between people; the SCS in Spanish students: {rel.sd.value}",
            readout_format=".2f",
            continuous_update=False,
            style=_WIDE,
        )
        self.true_score = widgets.FloatSlider(
            value=3.0,
            min=lo,
            max=hi,
            step=0.05,
            description="Your true score",
            layout=widgets.Layout(**_SLIDER),
            tooltip="The score you would get with no measurement error at all",
            readout_format=".2f",
            continuous_update=False,
            style=_WIDE,
        )
        for ctl in (self.alpha, self.sd, self.true_score):
            ctl.observe(self._on_error_control, names=["value"])
        self.error_figure = go.Figure(
            data=[
                go.Scatter(
                    name="95% band (true score ± 1.96 SEM)",
                    x=[],
                    y=[],
                    fill="toself",
                    mode="lines",
                    line={"color": COMPASSIONATE, "width": 1},
                    fillcolor="rgba(0,114,178,0.15)",
                    hoverinfo="skip",
                ),
                go.Bar(
                    name=f"{_DRAWS:,} simulated retakes",
                    x=[],
                    y=[],
                    width=[],
                    marker={"color": SAMPLE},
                    hovertemplate="%{x:.2f}: %{y:.1f}% of retakes<extra></extra>",
                ),
                go.Scatter(
                    name="Your true score",
                    x=[],
                    y=[],
                    mode="lines",
                    line={"color": YOU, "width": 3, "dash": "dash"},
                    hoverinfo="skip",
                ),
            ],
            layout=go.Layout(
                title={"text": "Where one person's observed total lands on many retakes"},
                xaxis={"title": f"observed total ({lo}-{hi})", "range": [lo, hi]},
                yaxis={"title": "% of retakes", "rangemode": "tozero"},
                height=380,
                width=820,  # drawn in a hidden tab, where autosize would fall back to plotly's default
                template="plotly_white",
                margin={"t": 50, "b": 50},
                legend={"orientation": "h", "y": -0.25},
            ),
        )
        self.error_text = widgets.HTML("")
        self.error_table = widgets.HTML("")

        levels = inst.bands.levels if inst.bands else []
        self._middle_band = (
            f"the whole '{levels[1].label}' band of Neff's rough guide ({levels[0].upper:.2f} to "
            f"{levels[1].upper:.2f}) is {levels[1].upper - levels[0].upper:.2f} wide"
            if len(levels) == 3
            else f"the whole scale runs from {lo} to {hi}"
        )
        # Draw once into plain figures, then wrap them: a FigureWidget sends later edits as messages,
        # and a page that connects after this cell ran (Voila) only receives the widget's initial state.
        self._on_sample()
        self.keying_figure = go.FigureWidget(self.keying_figure)
        self.short_figure = go.FigureWidget(self.short_figure)
        self.error_figure = go.FigureWidget(self.error_figure)
        part1 = widgets.VBox(
            [self.keying, self.keying_figure, self.keying_text, self.keying_table, items_box]
        )
        part2 = widgets.VBox([self.k, self.short_figure, self.short_text, self.short_table])
        part3 = widgets.VBox(
            [self.alpha, self.sd, self.true_score, self.error_figure, self.error_text, self.error_table]
        )
        self.tabs = widgets.Tab(
            children=[part1, part2, part3],
            titles=["1. Reverse keying", "2. Short form", "3. Error band"],
        )
        sample_row = widgets.HBox([self.n, self.seed, self.new_sample_button])
        super().__init__([sample_row, self.sample_text, self.tabs], **kwargs)

    # --- events -----------------------------------------------------------------------------------
    @property
    def _data(self) -> _Sample:
        return _sample(int(self.n.value), int(self.seed.value))

    def _on_sample(self, change: dict | None = None) -> None:
        ref = self._data.comparison
        self.sample_text.value = (
            f"<p><small>Sample: {ref.n:,} simulated students answering the 26-item Self-Compassion Scale, "
            f"drawn with seed {ref.seed} from card '{escape(ref.card_id)}' ({escape(ref.title)}). Built "
            f"from published figures ({escape('; '.join(ref.sources))}). No real person's answers are "
            "used.</small></p>"
        )
        self._draw_keying()
        self._draw_short()
        self._draw_error()

    def _on_error_control(self, change: dict) -> None:
        if _revert_if_not_finite(change):
            return
        self._draw_error()

    # --- part 1 -----------------------------------------------------------------------------------
    def _draw_keying(self, change: dict | None = None) -> None:
        key = self.keying.value
        data = self._data
        reversed_ = set(keying_sets(self.instrument)[key])
        pos = {c: j for j, c in enumerate(self.instrument.item_ids)}
        ids = [self.instrument.item_id(it.number) for it in self._order]
        r = [float(data.item_r[key][pos[c]]) for c in ids]
        names = {s.id: s.label for s in self.instrument.subscales}
        with self.keying_figure.batch_update():
            for bar, side in zip(self.keying_figure.data, ("compassionate", "uncompassionate"), strict=True):
                idx = [j for j, s in enumerate(self._side) if s == side]
                bar.x = [self._labels[j] for j in idx]
                bar.y = [r[j] for j in idx]
                bar.marker.pattern.shape = ["/" if ids[j] in reversed_ else "" for j in idx]
                how = ["reversed" if ids[j] in reversed_ else "as answered" for j in idx]
                bar.customdata = [
                    f"{names[self._order[j].subscale]}, {h}" for j, h in zip(idx, how, strict=True)
                ]
        summary = data.summary.set_index("keying")
        now = summary.loc[key]
        right = summary.loc["correct"]
        neg = [r[j] for j, s in enumerate(self._side) if s == "uncompassionate"]
        pos_r = [r[j] for j, s in enumerate(self._side) if s == "compassionate"]
        compare = "" if key == "correct" else f" (with the right key it is {right['alpha']:.2f})"
        self.keying_text.value = (
            f"<p>{_KEY_TEXT[key]}</p>"
            f"<p><strong>Cronbach's alpha: {now['alpha']:.2f}</strong>{compare}. Item-total correlations "
            f"of the compassionate items: {min(pos_r):.2f} to {max(pos_r):.2f}; of the uncompassionate "
            f"items: {min(neg):.2f} to {max(neg):.2f}.</p>"
        )
        rows = [
            [
                _KEY_LABELS[k] + (" (shown)" if k == key else ""),
                f"{int(row['n_reversed'])}",
                f"{row['alpha']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})",
                f"{row['r_positive']:.2f}",
                f"{row['r_negative']:.2f}",
            ]
            for k, row in summary.iterrows()
        ]
        self.keying_table.value = table(
            f"Three ways to score the same {int(now['n']):,} simulated students",
            [
                "Scoring key",
                "Items reversed",
                "Alpha (95% CI)",
                "Mean r, compassionate",
                "Mean r, uncompassionate",
            ],
            rows,
        )
        self.items_table.value = table(
            "Corrected item-total correlation of every item under the key shown",
            ["Item", "Component", "Side", "Reversed", "r"],
            [
                [
                    str(it.number),
                    names[it.subscale],
                    self._side[j],
                    "yes" if ids[j] in reversed_ else "no",
                    f"{r[j]:.2f}",
                ]
                for j, it in enumerate(self._order)
            ],
        )

    # --- part 2 -----------------------------------------------------------------------------------
    def _draw_short(self, change: dict | None = None) -> None:
        k = int(self.k.value)
        long = self._data.long_total
        short, summary = _short(int(self.n.value), int(self.seed.value), k)
        cols = balanced_subset(self.instrument, k)
        numbers = [c.rsplit("_", 1)[1] for c in cols]
        with self.short_figure.batch_update():
            dots = self.short_figure.data[0]
            dots.x, dots.y = long.tolist(), short.tolist()
            self.short_figure.layout.title.text = f"26 items vs {k} items: r = {summary['r']:.2f}"
        same = (
            " With all 26 items the two totals differ only in how they average (every item equally, or "
            "each component equally), so r is just below 1."
            if k == self.instrument.n_items
            else ""
        )
        self.short_text.value = (
            f"<p><strong>r = {summary['r']:.2f}</strong> between the 26-item total and the mean of {k} "
            "items; "
            f"alpha of the {k} items = {summary['alpha']:.2f}.{same}</p>"
            "<p>The items are taken from each component in turn (items "
            f"{', '.join(numbers)}), so both halves are represented. This <em>mimics</em> a short form; it "
            "does not reproduce the published 12-item SCS-SF (Raes et al. 2011), whose items were chosen "
            "from the long form for their statistics and which reached r of .97 or more with the long form "
            "and alpha of .86 or more. Here the short items are also part of the 26-item total, which by "
            "itself pushes r up.</p>"
        )
        self.short_table.value = table(
            "Short set against the full scale",
            ["", "Items", "r with the 26-item total", "Alpha"],
            [
                [
                    f"This short set (n = {int(summary['n']):,})",
                    str(k),
                    f"{summary['r']:.2f}",
                    f"{summary['alpha']:.2f}",
                ],
                ["Published SCS-SF (Raes et al. 2011)", "12", ".97 or more", ".86 or more"],
            ],
        )

    # --- part 3 -----------------------------------------------------------------------------------
    def _draw_error(self) -> None:
        alpha, sd, true = float(self.alpha.value), float(self.sd.value), float(self.true_score.value)
        lo, hi = self.instrument.total_range()
        spread = sem(sd, alpha)
        low, high = error_band(true, sd, alpha)
        draws = np.clip(true + spread * self._data.errors, lo, hi)
        edges = np.linspace(lo, hi, 81)
        counts, _ = np.histogram(draws, bins=edges)
        share = 100 * counts / len(draws)
        top = float(share.max()) * 1.1
        inside = 100 * float(np.mean((draws >= low) & (draws <= high)))
        clipped = int(np.sum((draws <= lo) | (draws >= hi)))
        with self.error_figure.batch_update():
            band, bars, line = self.error_figure.data
            band.x = [low, high, high, low, low]
            band.y = [0, 0, top, top, 0]
            bars.x = ((edges[:-1] + edges[1:]) / 2).tolist()
            bars.y = share.tolist()
            bars.width = (np.diff(edges) * 0.9).tolist()
            line.x, line.y = [true, true], [0, top]
        width = high - low
        note = (
            f" {clipped:,} retakes would have fallen off the {lo}-{hi} scale and are shown at its end."
            if clipped
            else ""
        )
        self.error_text.value = (
            f"<p><strong>SEM = {sd:.2f} &times; &radic;(1 &minus; {alpha:.2f}) = {spread:.2f}</strong> "
            f"points. A person whose true score is {true:.2f} would get an observed total between "
            f"<strong>{max(low, lo):.2f} and {min(high, hi):.2f}</strong> on about 95 of 100 retakes "
            f"(true score &plusmn; {Z95:.2f} &times; SEM = &plusmn; {Z95 * spread:.2f}). Of the "
            f"{_DRAWS:,} simulated retakes here (seed {self.seed.value}), {inside:.1f}% fell inside "
            f"the band.{note}</p>"
            f"<p>The band is {width:.2f} points wide; {self._middle_band}. Two people whose observed totals "
            "differ by less than this may not differ at all.</p>"
        )
        self.error_table.value = table(
            "Measurement error in numbers",
            ["SD", "Alpha", "SEM", "True score", "95% band", "Band width", "Retakes inside"],
            [
                [
                    f"{sd:.2f}",
                    f"{alpha:.2f}",
                    f"{spread:.2f}",
                    f"{true:.2f}",
                    f"{low:.2f} to {high:.2f}",
                    f"{width:.2f}",
                    f"{inside:.1f}%",
                ]
            ],
            row_headers=False,
        )
