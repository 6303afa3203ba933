"""The plain computations behind ``CorrelationExplorer`` and ``ModerationExplorer`` (no widgets, no plots).

- :func:`card_link`: what a card says about the link of two variables (value, metric, basis),
  the alphas of both and the correlation expected between their scored scales;
- :func:`line_fit`: the least-squares line of y on x;
- :class:`Draws`: the running list of sample correlations a student has drawn;
- :func:`distress_total` and :func:`split_correlations`: the distress split of the self x others plane;
- :func:`population_split`: the same split in a large simulated population, for the values samples
  scatter around;

>>> link = card_link("spain-compassion-distress", "scs", "depression")
>>> link.card_r, link.metric, round(link.spearman_observed, 2)
(-0.52, 'latent', -0.44)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sclab import stats

__all__ = [
    "DISTRESS",
    "DISTRESS_PARTS",
    "POPULATION_N",
    "POPULATION_SEED",
    "Draw",
    "Draws",
    "Link",
    "card_link",
    "distress_total",
    "line_fit",
    "population_split",
    "split_correlations",
]

DISTRESS_PARTS = ("depression", "anxiety", "stress")
DISTRESS = "distress_total"
POPULATION_N = 100_000  # people in the simulated population behind the "population r" of a distress group
POPULATION_SEED = 0


@dataclass(frozen=True)
class Link:
    """A card's figure for the link of ``x`` and ``y``, and what it implies for scored scales.

    ``card_r`` is the card's figure; ``metric`` is ``"latent"`` (corrected for unreliability) or
    ``"observed"`` (between scale scores). ``alpha_x`` and ``alpha_y`` are the card's reliabilities.
    ``spearman_observed`` is the observed r classical test theory expects (``attenuate``) and
    ``spearman_latent`` the true-score r it implies (``disattenuate``); ``population_r`` is the
    correlation the simulator's scored scales have in the population, around which samples scatter.
    """

    x: str
    y: str
    card_r: float
    metric: str
    basis: str
    alpha_x: float
    alpha_y: float
    population_r: float

    @property
    def spearman_observed(self) -> float:
        if self.metric == "observed":
            return self.card_r
        return float(stats.attenuate(self.card_r, self.alpha_x, self.alpha_y))

    @property
    def spearman_latent(self) -> float:
        if self.metric == "latent":
            return self.card_r
        return float(stats.disattenuate(self.card_r, self.alpha_x, self.alpha_y))


def _short_basis(card, figure) -> str:
    """'MacBeth & Gumley 2012, pooled r for depression' rather than the full reference."""
    if figure.source is None:
        return f"assumption: {figure.assumption}"
    ref = next((r for r in card.references if r.key == figure.source.ref), None)
    text = ref.text if ref is not None else figure.source.ref
    match = re.match(r"^(.*?\b(?:19|20)\d\d)\b", text)
    short = match.group(1) if match else text
    return short + (f", {figure.source.where}" if figure.source.where else "")


def card_link(card, x: str, y: str) -> Link:
    """Look up the link of two card variables (ids such as ``"scs"`` and ``"wellbeing"``)."""
    from sclab.populations.card import load_card
    from sclab.populations.simulate import plan

    card = load_card(card) if isinstance(card, str) else card
    ids = [v.id for v in card.variables]
    for name in (x, y):
        if name not in ids:
            raise ValueError(f"card {card.id!r} has no variable {name!r}; valid: {', '.join(ids)}")
    entry = next((c for c in card.correlations if set(c.between) == {x, y}), None)
    if entry is None:
        raise ValueError(f"card {card.id!r} gives no correlation between {x!r} and {y!r}")
    return Link(
        x=x,
        y=y,
        card_r=float(entry.r.value),
        metric=entry.metric,
        basis=_short_basis(card, entry.r),
        alpha_x=float(card.variable(x).alpha.value),
        alpha_y=float(card.variable(y).alpha.value),
        population_r=plan(card).observed_r(x, y),
    )


def line_fit(x, y) -> tuple[float, float]:
    """Slope and intercept of the least-squares line of ``y`` on ``x`` (numpy ``polyfit``).

    >>> [round(v, 9) for v in line_fit([1, 2, 3], [2, 4, 6])]
    [2.0, 0.0]
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xs) < 2 or np.ptp(xs) == 0:
        raise ValueError("a line needs at least 2 points with different x values")
    slope, intercept = np.polyfit(xs, ys, 1)
    return float(slope), float(intercept) + 0.0


@dataclass(frozen=True)
class Draw:
    outcome: str
    n: int
    seed: int
    r: float


@dataclass
class Draws:
    """The sample correlations drawn so far; the same (outcome, n, seed) is kept once.

    >>> d = Draws(); d.add("stress", 100, 1, -0.3); d.add("stress", 100, 1, -0.3)
    True
    False
    >>> len(d.of("stress")), len(d.of("anxiety"))
    (1, 0)
    """

    items: list[Draw] = field(default_factory=list)
    limit: int = 500

    def add(self, outcome: str, n: int, seed: int, r: float) -> bool:
        draw = Draw(outcome, int(n), int(seed), float(r))
        if any((d.outcome, d.n, d.seed) == (draw.outcome, draw.n, draw.seed) for d in self.items):
            return False
        self.items.append(draw)
        del self.items[: -self.limit]
        return True

    def of(self, outcome: str) -> list[Draw]:
        return [d for d in self.items if d.outcome == outcome]

    def clear(self) -> None:
        self.items.clear()


def distress_total(data: pd.DataFrame) -> pd.Series:
    """The combined distress score: depression + anxiety + stress, each a 0-21 sum, so 0-63.

    >>> distress_total(pd.DataFrame({"depression": [3], "anxiety": [2], "stress": [7]})).tolist()
    [12]
    """
    missing = [c for c in DISTRESS_PARTS if c not in data.columns]
    if missing:
        raise ValueError(f"the data lack the distress column(s) {', '.join(missing)}")
    return data[list(DISTRESS_PARTS)].sum(axis=1, min_count=3).rename(DISTRESS)


@dataclass(frozen=True)
class Split:
    """The self x others correlation in each distress group, and the test of their difference."""

    groups: pd.DataFrame  # correlation_by_group, plus n for groups too small to estimate
    test: pd.DataFrame | None  # difference_test (low minus high), None if a group is too small
    labels: pd.Series  # low / high per row


def split_correlations(data: pd.DataFrame, x: str, y: str, threshold: float, *, min_n: int = 10) -> Split:
    """Split ``data`` at ``threshold`` of the distress total and correlate ``x`` and ``y`` in each half.

    Below the threshold is ``low``, the threshold and above ``high`` (:func:`sclab.stats.split_at`).
    A group with fewer than ``min_n`` people gets no r (NaN) and there is no test.
    """
    frame = data.assign(**{DISTRESS: distress_total(data)})
    labels = stats.split_at(frame, DISTRESS, threshold)
    sizes = labels.value_counts().reindex(["low", "high"], fill_value=0)
    if sizes.min() >= max(min_n, 4):
        groups = stats.correlation_by_group(frame.assign(_group=labels), x, y, "_group")
        return Split(groups, stats.difference_test(groups, levels=("low", "high")), labels)
    rows = []
    for level in ("low", "high"):
        part = frame[labels == level]
        if len(part) >= max(min_n, 4):
            rows.append(stats.correlation(part, x, y).assign(group=level))
        else:
            rows.append(pd.DataFrame({"group": [level], "n": [len(part)]}))
    cols = [stats.GROUP, stats.R, stats.CI_LOW, stats.CI_HIGH, stats.P_VAL, stats.N]
    return Split(pd.concat(rows, ignore_index=True).reindex(columns=cols), None, labels)


@functools.lru_cache(maxsize=4)
def _population(card_id: str, x: str, y: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from sclab.populations.simulate import simulate

    data = simulate(card_id, n=POPULATION_N, seed=POPULATION_SEED)
    arrays = (data[x].to_numpy(float), data[y].to_numpy(float), distress_total(data).to_numpy(float))
    for arr in arrays:
        arr.setflags(write=False)
    return arrays


def population_split(card_id: str, x: str, y: str, threshold: float, *, min_n: int = 500) -> dict[str, float]:
    """The correlation of ``x`` and ``y`` in each distress group of a large simulated population.

    The population is ``POPULATION_N`` people simulated once per card with ``POPULATION_SEED`` (cached),
    split like :func:`split_correlations`. These are the values that samples scatter around; with
    50,000 people in a group the Monte Carlo error is below .01, so a plain Pearson r (numpy) is
    enough and no interval is given. A group with fewer than ``min_n`` people gets NaN.

    Returns ``{"low": r, "high": r, "all": r}``.
    """
    xs, ys, distress = _population(card_id, x, y)
    out = {}
    for level, mask in (("low", distress < threshold), ("high", distress >= threshold), ("all", None)):
        px, py = (xs, ys) if mask is None else (xs[mask], ys[mask])
        out[level] = float(np.corrcoef(px, py)[0, 1]) if len(px) >= min_n else float("nan")
    return out
