"""``ScoringExplorer``: reverse keying, short vs long form and measurement error on a simulated SCS sample.

A small composite: the sample's controls above three tabs, each its own view
(:class:`~sclab.ui.explorers.reverse_keying_view.ReverseKeyingView`,
:class:`~sclab.ui.explorers.short_form_view.ShortFormView`,
:class:`~sclab.ui.explorers.error_band_view.ErrorBandView`). The model is
:mod:`sclab.lessons.scoring`.

>>> view = ScoringExplorer(n=300, seed=2)
>>> view.keying.value, view.seed.value
('correct', 2)
>>> view.new_sample_button.click(); view.seed.value
3
"""

from __future__ import annotations

import ipywidgets as widgets

from sclab.lessons.scoring import N_MAX, N_MIN, ScoringSample, scoring_sample
from sclab.lessons.scoring_text import describe_sample
from sclab.ui._controls import next_seed_button, row, seed_box, size_slider
from sclab.ui.explorers.error_band_view import ErrorBandView
from sclab.ui.explorers.reverse_keying_view import ReverseKeyingView
from sclab.ui.explorers.short_form_view import ShortFormView

__all__ = ["ScoringExplorer"]


class ScoringExplorer(widgets.VBox):
    """Three tabs on a simulated sample of students who answered the 26-item SCS.

    1. *Reverse keying*: corrected item-total correlations and Cronbach's alpha under the right
       key, no key, and a wrong key.
    2. *Long vs short form*: the 26-item total against the mean of ``k`` items spread across the
       six components, with their correlation and the short set's alpha.
    3. *Measurement error*: SEM = SD * sqrt(1 - alpha), the 95% band and 2,000 simulated retakes.

    The sample size and seed are shown and can be changed; "New sample" takes the next seed. The
    parts are ``keying_view``, ``short_view`` and ``error_view``; their controls, figures and
    tables are also attributes of the explorer (``keying``, ``k``, ``alpha``, ``keying_figure``, ...).
    """

    def __init__(self, *, n: int = 500, seed: int = 1, **kwargs) -> None:
        sample = scoring_sample(n, seed)  # refuses a bad n or seed
        self.n = size_slider(
            n,
            N_MIN,
            N_MAX,
            step=100,
            tooltip="How many simulated students answer the 26 items",
            description="Simulated students",
            width="30em",
        )
        self.seed = seed_box(seed)
        self.new_sample_button = next_seed_button(self.seed)
        self.sample_text = widgets.HTML(describe_sample(sample.comparison))
        self.keying_view = ReverseKeyingView(sample)
        self.short_view = ShortFormView(sample)
        self.error_view = ErrorBandView(sample)
        self._expose()
        for ctl in (self.n, self.seed):
            ctl.observe(self._on_sample, names=["value"])
        self.tabs = widgets.Tab(
            children=[self.keying_view, self.short_view, self.error_view],
            titles=["1. Reverse keying", "2. Short form", "3. Error band"],
        )
        sample_row = row(self.n, self.seed, self.new_sample_button)
        super().__init__([sample_row, self.sample_text, self.tabs], **kwargs)

    def _expose(self) -> None:
        """The parts' controls, figures and tables as the explorer's own attributes."""
        parts = {
            self.keying_view: ("keying", "keying_figure", "keying_text", "keying_table", "items_table"),
            self.short_view: ("k", "short_figure", "short_text", "short_table"),
            self.error_view: ("alpha", "sd", "true_score", "error_figure", "error_text", "error_table"),
        }
        for part, names in parts.items():
            for name in names:
                setattr(self, name, getattr(part, name))

    @property
    def sample(self) -> ScoringSample:
        """The sample on show (cached per size and seed)."""
        return scoring_sample(int(self.n.value), int(self.seed.value))

    def _on_sample(self, change: dict | None = None) -> None:
        sample = self.sample
        self.sample_text.value = describe_sample(sample.comparison)
        for part in (self.keying_view, self.short_view, self.error_view):
            part.show(sample)
