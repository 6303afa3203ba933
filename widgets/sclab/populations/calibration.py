"""Calibration: item thresholds and loadings fitted (deterministically) so scores land on a card.

For a card-defined scale, one set of parallel items is fitted so that the scored mean, SD and
Cronbach's alpha are the card's. For an instrument, each subscale has its own items and latent
(the subscale latents correlating through their halves, the halves as the card says); the subscale
and total SDs and alphas are fitted together, and the subscale latents are then written as a
loading on the total's standardised linear true score (the construct) plus a residual, so every
link of the construct runs through the whole reliable part of the total. Each fit also gives the
Hermite profile of E[score | construct], which turns an observed correlation between two scores
into the latent one that reproduces it (:func:`observed_to_latent`) and gives the true score
itself (:func:`true_score`); :func:`retest_r` and :func:`fit_item_persistence` do the same for a
measure taken twice.

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
    "fit_item_persistence",
    "fit_scale_variable",
    "observed_to_latent",
    "retest_r",
    "true_score",
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


def _fit_scale(m: int, lo: int, hi: int, mean_item: float, var_item: float, alpha: float, what: str) -> Items:
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
    """An instrument variable's items and how its subscale latents hang on its true score.

    The subscale latents ``S`` (correlating ``a**2`` within a half and ``a**2 * h**2`` across) are
    drawn as ``S = beta * z + gamma * u + factor @ e``: ``z`` is the standardised linear true
    score of the total (``b @ S / sd``, ``b`` the total's weight of each subscale times the linear
    Hermite coefficient of its item sum), ``u`` the part of the halves' contrast that ``z`` does
    not explain (polarity instruments only, else ``gamma`` is ``None``), ``e`` independent normals.
    """

    instrument_id: str
    lo: int
    hi: int
    subscales: list[str]
    positive: list[bool]
    items: list[Items]
    a: float  # loading of a subscale latent on its half
    h: float  # sqrt of the halves' latent correlation
    shift: float  # common keyed shift of the published subscale means
    score: ScoreProfile
    alpha: float
    weights: np.ndarray  # weight of each subscale's item sum in the total
    cov: np.ndarray  # covariance of the subscale item sums
    latent_r: np.ndarray  # correlations of the subscale latents
    beta: np.ndarray
    gamma: np.ndarray | None
    factor: np.ndarray
    halves: dict[str, tuple[np.ndarray, float]]  # half id -> (weights of item sums, sign as scored)

    def chats(self) -> np.ndarray:
        return np.array([x.chat() for x in self.items])

    def half_latent_r(self, half: str, rho_z: float, rho_u: float) -> float:
        """r between a half's linear true score (as scored) and a construct correlating
        ``rho_z`` with ``z`` and ``rho_u`` with ``u``."""
        hw, sign = self.halves[half]
        hb = hw * self.chats()[:, 0]
        link = self.beta * rho_z + (self.gamma * rho_u if self.gamma is not None else 0.0)
        return sign * float(hb @ link) / math.sqrt(float(hb @ self.latent_r @ hb))

    def half_observed_r(self, half: str, other: ScoreProfile, rho_z: float, rho_u: float) -> float:
        """r between a half's score and another score whose construct correlates ``rho_z`` with
        ``z`` and ``rho_u`` with ``u`` (Hermite expansion, subscale by subscale)."""
        hw, sign = self.halves[half]
        link = self.beta * rho_z + (self.gamma * rho_u if self.gamma is not None else 0.0)
        powers = link[:, None] ** np.arange(1, N_HERMITE + 1)
        cov = float(hw @ ((self.chats() * powers) @ other.profile))
        return sign * cov / math.sqrt(float(hw @ self.cov @ hw) * other.var)


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


def _total_moments(sets, w, rho) -> tuple[np.ndarray, float]:
    """Covariance of the subscale item sums and Cronbach's alpha over all items."""
    chats = np.array([x.chat() for x in sets])  # (S, N)
    cov = np.einsum("sn,tn,stn->st", chats, chats, rho[:, :, None] ** np.arange(1, N_HERMITE + 1))
    np.fill_diagonal(cov, [x.var_sum() for x in sets])
    big_m = sum(x.m for x in sets)
    item_vars = sum(x.m * x.moments()[1] for x in sets)
    alpha = big_m / (big_m - 1) * (1 - item_vars / cov.sum())
    return cov, alpha


def _sqrt_psd(sigma: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh((sigma + sigma.T) / 2)
    return vecs * np.sqrt(np.clip(vals, 0.0, None))


def _decompose(b: np.ndarray, rho: np.ndarray, positive: list[bool]):
    """beta, gamma and the residual factor of the subscale latents given the linear true score."""
    beta = rho @ b / math.sqrt(float(b @ rho @ b))
    sigma = rho - np.outer(beta, beta)
    gamma = None
    if any(positive) and not all(positive):
        g = np.where(positive, b, -b)  # the compassionate minus the uncompassionate linear part
        gamma = sigma @ g / math.sqrt(float(g @ sigma @ g))
        sigma = sigma - np.outer(gamma, gamma)
    return beta, gamma, _sqrt_psd(sigma)


def _half_weights(inst, subs, positive, sizes) -> dict[str, tuple[np.ndarray, float]]:
    """Each half's weight of every subscale item sum (a half is the mean of its subscale means)."""
    out = {}
    for half in inst.halves:
        member = np.array([(p == (half.polarity == "positive")) for p in positive], dtype=float)
        sign = -1.0 if half.polarity == "negative" and inst.subscale_scoring == "raw" else 1.0
        out[half.id] = (member / (member.sum() * sizes), sign)
    return out


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
        rho = np.where(same, a * a, a * a * h * h)
        np.fill_diagonal(rho, 1.0)
        return (sets, a, rho, *_total_moments(sets, w, rho))

    def resid(x):
        _, _, _, cov, alpha = build(x)
        return [math.sqrt(float(w @ cov @ w)) / v.sd.value - 1, alpha - v.alpha.value]

    sol = optimize.least_squares(resid, [0.0, 1.0], xtol=1e-10, ftol=1e-12, diff_step=1e-6)
    if max(abs(r) for r in sol.fun) > 1e-4:
        raise ValueError(
            f"{what}: total SD {v.sd.value} and alpha {v.alpha.value} cannot both be reached with subscale "
            f"alpha {v.subscale_alpha.value} and halves_r {v.halves_r.value if v.halves_r else '-'}"
        )
    sets, a, rho, cov, alpha = build(sol.x)
    chats = np.array([x.chat() for x in sets])
    beta, gamma, factor = _decompose(w * chats[:, 0], rho, positive)
    profile = (w[:, None] * chats * beta[:, None] ** np.arange(1, N_HERMITE + 1)).sum(axis=0)
    mean = float(w @ (sizes * np.array([x.moments()[0] for x in sets])))
    score = ScoreProfile(profile, mean, float(w @ cov @ w))
    halves = _half_weights(inst, subs, positive, sizes)
    return InstrumentFit(
        v.instrument,
        lo,
        hi,
        subs,
        positive,
        sets,
        a,
        h,
        shift,
        score,
        alpha,
        w,
        cov,
        rho,
        beta,
        gamma,
        factor,
        halves,
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


# --- true scores and stability over time ----------------------------------------------------
def true_score(score: ScoreProfile, z: np.ndarray) -> np.ndarray:
    """The true score E[score | construct] on the score's own metric: the mean plus the Hermite
    expansion of the profile at the standard-normal construct ``z``.

    Its squared correlation with the score is ``sum(profile**2) / var``: for parallel items
    exactly Cronbach's alpha.
    """
    he = _norm_he(np.asarray(z, dtype=float), N_HERMITE + 1)[1:]  # He_1..He_N / sqrt(n!)
    return score.mean + score.profile @ he


@dataclass(frozen=True)
class _Layout:
    """One measurement of items in a form the retest formula reads: per subscale its items, its
    weight in the score, its loading on the true score, on the contrast and its residual factor."""

    items: list[Items]
    weights: np.ndarray
    beta: np.ndarray
    gamma: np.ndarray | None
    factor: np.ndarray
    var: float


def _layout(fit) -> _Layout:
    if isinstance(fit, InstrumentFit):
        return _Layout(fit.items, fit.weights, fit.beta, fit.gamma, fit.factor, fit.score.var)
    items, score = fit
    weight = math.sqrt(score.var / items.var_sum())  # 1 for a sum of the items, 1/m for their mean
    return _Layout([items], np.array([weight]), np.ones(1), None, np.zeros((1, 1)), score.var)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(48)


def _answer_cov(tau_a: np.ndarray, tau_b: np.ndarray, r: float) -> float:
    """Covariance of two threshold answers whose normals correlate ``r``: the sum over threshold
    pairs of Phi2(-ta, -tb; r) - Phi(-ta) Phi(-tb), integrated exactly (Gauss-Legendre in
    asin r, where the Hermite series would converge too slowly for r near 1)."""
    top = math.asin(max(min(r, 1.0), -1.0))
    theta = top * (_GL_X + 1) / 2
    x, y = tau_a[:, None, None], tau_b[None, :, None]
    c = np.cos(theta)
    dens = np.exp(-(x**2 - 2 * np.sin(theta) * x * y + y**2) / (2 * c**2)) / (2 * math.pi)
    return float((dens @ _GL_W).sum() * top / 2)


def retest_r(fit_a, fit_b, stability: float, rho_item: float) -> float:
    """The correlation of two measurements' scores with the same items: true scores (and the
    subscale residuals and the contrast) correlating ``stability``, each item's own part
    ``rho_item``. ``fit_*``: an :class:`InstrumentFit` or a scale's ``(Items, ScoreProfile)``."""
    la, lb = _layout(fit_a), _layout(fit_b)
    corr_s = stability * (np.outer(la.beta, lb.beta) + la.factor @ lb.factor.T)
    if la.gamma is not None and lb.gamma is not None:
        corr_s = corr_s + stability * np.outer(la.gamma, lb.gamma)
    n = np.arange(1, N_HERMITE + 1)
    h_a = np.array([_item_chat(x.tau, 1.0) for x in la.items])  # answer given its own normal
    h_b = np.array([_item_chat(x.tau, 1.0) for x in lb.items])
    lam_a = np.array([x.lam for x in la.items])
    lam_b = np.array([x.lam for x in lb.items])
    m = np.array([x.m for x in la.items], dtype=float)
    other = np.outer(lam_a, lam_b) * corr_s
    cov = np.outer(m, m) * np.einsum("kn,ln,kln->kl", h_a, h_b, other[:, :, None] ** n)
    same = np.diag(other) + np.sqrt((1 - lam_a**2) * (1 - lam_b**2)) * rho_item
    exact = [_answer_cov(a.tau, b.tau, r) for a, b, r in zip(la.items, lb.items, same, strict=True)]
    diag = np.array(exact) - np.einsum("kn,kn,kn->k", h_a, h_b, np.diag(other)[:, None] ** n)
    cov = cov + np.diag(m * diag)
    return float(la.weights @ cov @ lb.weights) / math.sqrt(la.var * lb.var)


def fit_item_persistence(fit_a, fit_b, stability: float, retest: float, what: str) -> float:
    """The correlation of each item's own part over time that makes the scores retest at ``retest``."""

    def f(rho):
        return retest_r(fit_a, fit_b, stability, rho) - retest

    lo, hi = f(0.0), f(0.999)
    if lo > 0:
        raise ValueError(
            f"{what}: a stability of {stability:g} alone already gives a retest r of {lo + retest:.3f}, "
            f"above the card's {retest:g}; lower the stability"
        )
    if hi < 0:
        raise ValueError(
            f"{what}: even items that keep their own part give a retest r of only {hi + retest:.3f} with a "
            f"stability of {stability:g}; the card's {retest:g} needs a higher stability"
        )
    return optimize.brentq(f, 0.0, 0.999, xtol=1e-12)
