"""Calibration: item thresholds and loadings fitted (deterministically) so scores land on a card.

For a card-defined scale, one set of parallel items is fitted so that the scored mean, SD and
Cronbach's alpha are the card's. For an instrument, each subscale has its own items, loading on
its half (the halves correlating as the card says); the subscale and total SDs and alphas are
fitted together. Each fit also gives the Hermite profile of E[score | construct], which turns an
observed correlation between two scores into the latent one that reproduces it
(:func:`observed_to_latent`).

No random numbers are used here: :mod:`sclab.populations.plan` assembles the fits of a card and
:mod:`sclab.populations.simulate` draws from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

__all__ = [
    "N_HERMITE",
    "InstrumentFit",
    "Items",
    "ScoreProfile",
    "fit_instrument",
    "fit_scale_variable",
    "observed_to_latent",
]

N_HERMITE = 60


def _phi(x):
    return np.exp(-0.5 * np.square(x)) / math.sqrt(2 * math.pi)


def _norm_he(x: np.ndarray, n: int) -> np.ndarray:
    """He_m(x) / sqrt(m!) for m = 0..n-1, rows m (stable recurrence)."""
    x = np.asarray(x, dtype=float)
    out = np.empty((n, *x.shape))
    out[0] = 1.0
    if n > 1:
        out[1] = x
    for m in range(1, n - 1):
        out[m + 1] = (x * out[m] - math.sqrt(m) * out[m - 1]) / math.sqrt(m + 1)
    return out


_SQRT_N = np.sqrt(np.arange(1, N_HERMITE + 1))


@dataclass(frozen=True)
class Items:
    """Parallel items on one latent: ``m`` items, answers ``lo``..``hi``, thresholds, loading."""

    m: int
    lo: int
    hi: int
    tau: np.ndarray = field(repr=False)
    lam: float

    def moments(self) -> tuple[float, float]:
        """Mean and variance of one item's answer."""
        p = special.ndtr(-self.tau)
        k = np.arange(1, len(p) + 1)
        mean = p.sum()
        return self.lo + mean, float((2 * k - 1) @ p - mean**2)

    def chat(self) -> np.ndarray:
        """Normalised Hermite coefficients of E[sum of the items | latent], orders 1..N."""
        return self.m * _item_chat(self.tau, self.lam)

    def var_sum(self) -> float:
        c = _item_chat(self.tau, self.lam)
        return self.m * self.moments()[1] + self.m * (self.m - 1) * float(c @ c)


def _item_chat(tau: np.ndarray, lam: float) -> np.ndarray:
    # c_n / sqrt(n!) = lam^n * sum_k phi(tau_k) He_{n-1}(tau_k) / sqrt(n!)
    he = _norm_he(tau, N_HERMITE)  # (N, K): He_{n-1}/sqrt((n-1)!)
    lam_n = lam ** np.arange(1, N_HERMITE + 1)
    return lam_n * (he @ _phi(tau)) / _SQRT_N


def _thresholds(mu: float, s: float, lo: int, hi: int) -> np.ndarray:
    return (np.arange(lo, hi) + 0.5 - mu) / s


def _fit_location(mean_item: float, s: float, lo: int, hi: int) -> float:
    def f(mu):
        return lo + special.ndtr(-_thresholds(mu, s, lo, hi)).sum() - mean_item

    return optimize.brentq(f, lo - 20 * s - 5, hi + 20 * s + 5, xtol=1e-12)


def _fit_loading(tau: np.ndarray, cov_item: float, lo: int, hi: int, what: str) -> float:
    def f(lam):
        c = _item_chat(tau, lam)
        return float(c @ c) - cov_item

    top = 0.995
    if f(top) < 0:
        raise ValueError(
            f"{what}: the reliability asked for needs items more alike than answers {lo}-{hi} allow"
        )
    return optimize.brentq(f, 0.0, top, xtol=1e-12)


def _fit_scale(
    m: int, lo: int, hi: int, mean_item: float, var_item: float, alpha: float, what: str
) -> Items:
    """Thresholds and loading so that one item has this mean and variance and m items this alpha."""
    if not lo < mean_item < hi:
        raise ValueError(f"{what}: the mean per item {mean_item:.3g} must lie inside the answers {lo}-{hi}")

    def resid(x):
        mu, s = x[0], math.exp(x[1])
        mean, var = Items(m, lo, hi, _thresholds(mu, s, lo, hi), 0.0).moments()
        return [mean - mean_item, var - var_item]

    sol = optimize.least_squares(resid, [mean_item, math.log(math.sqrt(var_item))], xtol=1e-14, ftol=1e-14)
    if max(abs(r) for r in sol.fun) > 1e-6:
        raise ValueError(
            f"{what}: an SD per item of {math.sqrt(var_item):.3g} is not possible with a mean of "
            f"{mean_item:.3g} on answers {lo}-{hi}"
        )
    tau = _thresholds(sol.x[0], math.exp(sol.x[1]), lo, hi)
    cov_item = alpha * var_item / (m - alpha * (m - 1))
    return Items(m, lo, hi, tau, _fit_loading(tau, cov_item, lo, hi, what))


# --- per-variable calibration ------------------------------------------------------------
@dataclass
class ScoreProfile:
    """How a variable's score relates to its construct: Hermite profile, mean and variance."""

    profile: np.ndarray  # normalised Hermite coefficients of E[score | construct]
    mean: float
    var: float


@dataclass
class InstrumentFit:
    instrument_id: str
    lo: int
    hi: int
    subscales: list[str]
    positive: list[bool]
    items: list[Items]
    a: float  # loading of a subscale latent on its half
    h: float  # loading of a half on the construct (sqrt of the halves' correlation)
    shift: float  # common keyed shift of the published subscale means
    score: ScoreProfile
    alpha: float


_TOTAL_WEIGHTS = {  # weight of each subscale's item sum in the total, by the instrument's rule
    "mean_of_subscale_means": lambda sizes: 1 / (len(sizes) * sizes),
    "sum_of_subscale_means": lambda sizes: 1 / sizes,
    "mean_of_items": lambda sizes: np.full(len(sizes), 1 / sizes.sum()),
    "sum_of_items": lambda sizes: np.ones(len(sizes)),
}


def _keyed_means(v, inst, subs, positive, sizes, w) -> tuple[np.ndarray, float]:
    """The card's subscale means on the keyed per-item metric, shifted so the total's mean lands."""
    lo, hi = inst.response.min, inst.response.max
    scale = inst.total_scale()
    mean_total = v.mean.value / scale  # per-item metric
    keyed = []
    for s, pos in zip(subs, positive, strict=True):
        f = v.subscale_means.get(s)
        if f is None:
            keyed.append(mean_total)
        elif inst.subscale_scoring == "raw" and not pos:
            keyed.append(lo + hi - f.value)
        else:
            keyed.append(f.value)
    keyed = np.array(keyed)
    shift = float(mean_total - (w * sizes / scale) @ keyed)
    return keyed + shift, shift


def _subscale_items(keyed, sizes, s_item, alpha_sub, lo, hi, what, subs) -> list[Items]:
    sets = []
    for k, (mu_k, m) in enumerate(zip(keyed, sizes, strict=True)):
        tau = _thresholds(_fit_location(mu_k, s_item, lo, hi), s_item, lo, hi)
        var_item = Items(int(m), lo, hi, tau, 0.0).moments()[1]
        cov_item = alpha_sub * var_item / (m - alpha_sub * (m - 1))
        sets.append(Items(int(m), lo, hi, tau, _fit_loading(tau, cov_item, lo, hi, f"{what} {subs[k]}")))
    return sets


def _total_moments(sets, w, same, a, h) -> tuple[float, float, np.ndarray]:
    """Variance of the total, Cronbach's alpha over all items, and each subscale's Hermite profile."""
    chats = np.array([x.chat() for x in sets])  # (S, N)
    rho = np.where(same, a * a, a * a * h * h)
    cov = np.einsum("sn,tn,stn->st", chats, chats, rho[:, :, None] ** np.arange(1, N_HERMITE + 1))
    np.fill_diagonal(cov, [x.var_sum() for x in sets])
    big_m = sum(x.m for x in sets)
    item_vars = sum(x.m * x.moments()[1] for x in sets)
    alpha = big_m / (big_m - 1) * (1 - item_vars / cov.sum())
    return float(w @ cov @ w), alpha, chats


def fit_instrument(v) -> InstrumentFit:
    """Fit an instrument variable of a card: subscale items whose total has the card's mean, SD and alpha."""
    from sclab.measure.instrument import load_instrument

    inst = load_instrument(v.instrument, wording=False)
    lo, hi = inst.response.min, inst.response.max
    subs = [s.id for s in inst.subscales]
    positive = [s.polarity == "positive" for s in inst.subscales]
    sizes = np.array([len(inst.subscale_items(s)) for s in subs])
    what = f"variable {v.id} ({v.instrument})"
    if inst.n_items < 3 or len(subs) == 1:
        raise ValueError(f"{what}: needs at least two subscales")
    w = _TOTAL_WEIGHTS[inst.total.rule](sizes)
    keyed, shift = _keyed_means(v, inst, subs, positive, sizes, w)
    h = math.sqrt(v.halves_r.value) if inst.has_polarity else 1.0
    same = np.equal.outer(positive, positive)

    def build(x):
        s_item, a = math.exp(x[0]), 0.98 / (1 + math.exp(-x[1]))
        sets = _subscale_items(keyed, sizes, s_item, v.subscale_alpha.value, lo, hi, what, subs)
        return (sets, a, *_total_moments(sets, w, same, a, h))

    def resid(x):
        _, _, var_t, alpha, _ = build(x)
        return [math.sqrt(var_t) / v.sd.value - 1, alpha - v.alpha.value]

    sol = optimize.least_squares(resid, [0.0, 1.0], xtol=1e-10, ftol=1e-12, diff_step=1e-6)
    if max(abs(r) for r in sol.fun) > 1e-4:
        raise ValueError(
            f"{what}: total SD {v.sd.value} and alpha {v.alpha.value} cannot both be reached with subscale "
            f"alpha {v.subscale_alpha.value} and halves_r {v.halves_r.value if v.halves_r else '-'}"
        )
    sets, a, var_t, alpha, chats = build(sol.x)
    profile = (w[:, None] * chats * (a * h) ** np.arange(1, N_HERMITE + 1)).sum(axis=0)
    mean = float(w @ (sizes * np.array([x.moments()[0] for x in sets])))
    return InstrumentFit(
        v.instrument, lo, hi, subs, positive, sets, a, h, shift, ScoreProfile(profile, mean, var_t), alpha
    )


def fit_scale_variable(v) -> tuple[Items, ScoreProfile]:
    m, lo, hi = v.items, v.response.min, v.response.max
    per = m if v.score == "sum" else 1
    mean_item = v.mean.value / per
    var_sum = (v.sd.value * m / per) ** 2
    a = v.alpha.value
    var_item = var_sum * (1 - a * (m - 1) / m) / m
    items = _fit_scale(m, lo, hi, mean_item, var_item, a, f"variable {v.id}")
    chat = items.chat() / (m / per)
    return items, ScoreProfile(chat, v.mean.value, items.var_sum() / (m / per) ** 2)


def observed_to_latent(sa: ScoreProfile, sb: ScoreProfile, r: float, what: str) -> float:
    n = np.arange(1, N_HERMITE + 1)
    prod = sa.profile * sb.profile
    scale = math.sqrt(sa.var * sb.var)

    def f(rho):
        return float(prod @ rho**n) / scale - r

    lo, hi = -0.9999, 0.9999
    if f(lo) > 0 or f(hi) < 0:
        top = f(hi) + r
        raise ValueError(
            f"{what}: an observed r of {r:g} needs a latent correlation beyond +/-1; with these "
            f"reliabilities the observed r can reach at most about {abs(top):.2f}"
        )
    return optimize.brentq(f, lo, hi, xtol=1e-12)
