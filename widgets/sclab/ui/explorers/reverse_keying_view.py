"""``ReverseKeyingView``: part 1 of :class:`~sclab.ui.explorers.scoring_explorer.ScoringExplorer`.

Corrected item-total correlations and Cronbach's alpha of a simulated SCS sample under the right
key, no key, and a wrong key. The numbers are :func:`sclab.lessons.scoring.keying`, the words
:mod:`sclab.lessons.scoring_text`.

>>> from sclab.lessons.scoring import scoring_sample
>>> view = ReverseKeyingView(scoring_sample(200, seed=1))
>>> sum(len(bar.x) for bar in view.keying_figure.data)
26
"""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from sclab.lessons.scoring import ScoringSample, display_order, keying, scs
from sclab.lessons.scoring_text import (
    KEY_LABELS,
    SIDES,
    describe_keying,
    item_label,
    item_rows,
    key_tooltips,
    keying_rows,
)
from sclab.ui._figures import figure, wrap
from sclab.ui._html import table
from sclab.ui.palette import side_colour

__all__ = ["ReverseKeyingView"]

_TWO_SIDES = ("compassionate", "uncompassionate")
_SUMMARY_HEADER = [
    "Scoring key",
    "Items reversed",
    "Alpha (95% CI)",
    "Mean r, compassionate",
    "Mean r, uncompassionate",
]


def _empty_figure(labels: list[str]) -> go.Figure:
    fig = figure(height=380, legend_y=-0.3)
    for side in _TWO_SIDES:
        fig.add_trace(
            go.Bar(
                name=f"{side.capitalize()} items",
                x=[],
                y=[],
                marker={"color": side_colour(side), "pattern": {"shape": []}},
                customdata=[],
                hovertemplate="item %{x}: r = %{y:.2f}<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": "Each item against the total of the other 25 (hatched = reversed)"},
        xaxis={"title": "item (component and number)", "categoryorder": "array", "categoryarray": labels},
        yaxis={"title": "corrected item-total r", "range": [-0.6, 0.8], "dtick": 0.2, "zeroline": True},
        margin={"t": 50, "b": 60},
    )
    return fig


class ReverseKeyingView(widgets.VBox):
    """A key to choose, the item-total correlations as bars, alpha under each key, and the tables."""

    def __init__(self, sample: ScoringSample, **kwargs) -> None:
        inst = self._instrument = scs()
        self.sample = sample
        self._order = display_order(inst)
        self._labels = [item_label(it.subscale, it.number) for it in self._order]
        polarity = {s.id: s.polarity for s in inst.subscales}
        self._sides = [SIDES[polarity[it.subscale]] for it in self._order]
        self._names = {s.id: s.label for s in inst.subscales}
        self.keying = widgets.ToggleButtons(
            options=[(label, key) for key, label in KEY_LABELS.items()],
            value="correct",
            description="Scoring key",
            tooltips=key_tooltips(inst),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.keying.observe(self._draw, names=["value"])
        self.keying_text, self.keying_table, self.items_table = (widgets.HTML("") for _ in range(3))
        items_box = widgets.Accordion(
            children=[self.items_table], titles=[f"The {inst.n_items} correlations as a table"]
        )
        items_box.selected_index = None
        self.keying_figure = _empty_figure(self._labels)
        self._draw()
        self.keying_figure = wrap(self.keying_figure)
        parts = [self.keying, self.keying_figure, self.keying_text, self.keying_table, items_box]
        super().__init__(parts, **kwargs)

    def show(self, sample: ScoringSample) -> None:
        """Draw ``sample`` under the key chosen."""
        self.sample = sample
        self._draw()

    def _draw(self, change: dict | None = None) -> None:
        k = keying(self.sample, self.keying.value)
        with self.keying_figure.batch_update():
            for bar, side in zip(self.keying_figure.data, _TWO_SIDES, strict=True):
                idx = [j for j, s in enumerate(self._sides) if s == side]
                flipped = [k.item_ids[j] in k.reversed_ids for j in idx]
                bar.x = [self._labels[j] for j in idx]
                bar.y = [k.r[j] for j in idx]
                bar.marker.pattern.shape = ["/" if f else "" for f in flipped]
                bar.customdata = [
                    f"{self._names[self._order[j].subscale]}, {'reversed' if f else 'as answered'}"
                    for j, f in zip(idx, flipped, strict=True)
                ]
        self.keying_text.value = describe_keying(k, self._sides, self._instrument)
        n = int(k.summary.loc[k.key, "n"])
        self.keying_table.value = table(
            f"Three ways to score the same {n:,} simulated students", _SUMMARY_HEADER, keying_rows(k)
        )
        self.items_table.value = table(
            "Corrected item-total correlation of every item under the key shown",
            ["Item", "Component", "Side", "Reversed", "r"],
            item_rows(k, self._order, self._sides, self._names),
        )
