"""Card + n + seed -> an item-level simulated sample.

How a sample is made
--------------------
1. Each score variable of the card has a latent standard normal (its *construct*). They are
   drawn together with a latent correlation matrix built from the card: an ``observed``
   correlation between two scored scales is converted to the latent one that reproduces it after
   the items are cut into answer categories (exactly, through the Hermite expansion of each score
   given its latent); a ``latent`` correlation is used as given. A matrix that is not positive
   definite is rejected with a message naming the card's figures involved.
2. Group effects shift a construct by group (sized so the observed d lands on the card), and a
   moderation adds a latent interaction that weakens one link as a third variable rises.
3. Items: ``answer = cut(loading * latent + sqrt(1 - loading**2) * noise)`` at thresholds. For an
   instrument, each subscale has its own latent (loading on its half, the halves correlating as
   the card says, what they share being the construct). Loadings and thresholds are calibrated
   (deterministically, with no random numbers) so that the scored mean, SD and Cronbach's alpha
   land on the card. Instrument answers are then scored by :meth:`Instrument.score`, so reverse
   keying, subscales and reliability are real and can be recomputed by students.

Same seed, same sample: everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed
order.

>>> df = simulate("students-scs", n=500, seed=1)
>>> df[["gender", "scs_1", "scs_total"]].shape
(500, 3)
>>> bool(df["scs_total"].between(1, 5).all())
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from scipy import optimize, special

from sclab.populations.card import Card, CardFigure, load_card

__all__ = ["Plan", "calibration", "plan", "simulate"]

_N_HERMITE = 60


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


_SQRT_N = np.sqrt(np.arange(1, _N_HERMITE + 1))


@dataclass(frozen=True)
class _Items:
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
    he = _norm_he(tau, _N_HERMITE)  # (N, K): He_{n-1}/sqrt((n-1)!)
    lam_n = lam ** np.arange(1, _N_HERMITE + 1)
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
) -> _Items:
    """Thresholds and loading so that one item has this mean and variance and m items this alpha."""
    if not lo < mean_item < hi:
        raise ValueError(f"{what}: the mean per item {mean_item:.3g} must lie inside the answers {lo}-{hi}")

    def resid(x):
        mu, s = x[0], math.exp(x[1])
        mean, var = _Items(m, lo, hi, _thresholds(mu, s, lo, hi), 0.0).moments()
        return [mean - mean_item, var - var_item]

    sol = optimize.least_squares(resid, [mean_item, math.log(math.sqrt(var_item))], xtol=1e-14, ftol=1e-14)
    if max(abs(r) for r in sol.fun) > 1e-6:
        raise ValueError(
            f"{what}: an SD per item of {math.sqrt(var_item):.3g} is not possible with a mean of "
            f"{mean_item:.3g} on answers {lo}-{hi}"
        )
    tau = _thresholds(sol.x[0], math.exp(sol.x[1]), lo, hi)
    cov_item = alpha * var_item / (m - alpha * (m - 1))
    return _Items(m, lo, hi, tau, _fit_loading(tau, cov_item, lo, hi, what))


# --- per-variable calibration ------------------------------------------------------------
@dataclass
class _Score:
    """How a variable's score relates to its construct: Hermite profile, mean and variance."""

    profile: np.ndarray  # normalised Hermite coefficients of E[score | construct]
    mean: float
    var: float


@dataclass
class _InstrumentFit:
    instrument_id: str
    lo: int
    hi: int
    subscales: list[str]
    positive: list[bool]
    items: list[_Items]
    a: float  # loading of a subscale latent on its half
    h: float  # loading of a half on the construct (sqrt of the halves' correlation)
    shift: float  # common keyed shift of the published subscale means
    score: _Score
    alpha: float


def _fit_instrument(v) -> _InstrumentFit:
    from sclab.measure.instrument import load_instrument

    inst = load_instrument(v.instrument, wording=False)
    lo, hi = inst.response.min, inst.response.max
    subs = [s.id for s in inst.subscales]
    positive = [s.polarity == "positive" for s in inst.subscales]
    sizes = np.array([len(inst.subscale_items(s)) for s in subs])
    big_m = int(sizes.sum())
    scale = inst.total_scale()
    rule = inst.total.rule
    w = {
        "mean_of_subscale_means": 1 / (len(subs) * sizes),
        "sum_of_subscale_means": 1 / sizes,
        "mean_of_items": np.full(len(subs), 1 / big_m),
        "sum_of_items": np.ones(len(subs)),
    }[rule]
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
    w_item = w * sizes / scale  # weights of subscale item-means in the per-item total
    shift = float(mean_total - w_item @ keyed)
    keyed = keyed + shift
    h = math.sqrt(v.halves_r.value) if inst.has_polarity else 1.0
    same = np.equal.outer(positive, positive)
    alpha_sub = v.subscale_alpha.value
    what = f"variable {v.id} ({v.instrument})"

    def build(s_item: float, a: float) -> tuple[list[_Items], float, float, np.ndarray]:
        sets = []
        for k, (mu_k, m) in enumerate(zip(keyed, sizes, strict=True)):
            loc = _fit_location(mu_k, s_item, lo, hi)
            tau = _thresholds(loc, s_item, lo, hi)
            var_item = _Items(int(m), lo, hi, tau, 0.0).moments()[1]
            cov_item = alpha_sub * var_item / (m - alpha_sub * (m - 1))
            sets.append(_Items(int(m), lo, hi, tau, _fit_loading(tau, cov_item, lo, hi, f"{what} {subs[k]}")))
        chats = np.array([x.chat() for x in sets])  # (S, N)
        rho = np.where(same, a * a, a * a * h * h)
        cov = np.einsum("sn,tn,stn->st", chats, chats, rho[:, :, None] ** np.arange(1, _N_HERMITE + 1))
        np.fill_diagonal(cov, [x.var_sum() for x in sets])
        var_t = float(w @ cov @ w)
        item_vars = sum(x.m * x.moments()[1] for x in sets)
        alpha = big_m / (big_m - 1) * (1 - item_vars / cov.sum())
        return sets, var_t, alpha, chats

    sd_target = v.sd.value
    if inst.n_items < 3 or len(subs) == 1:
        raise ValueError(f"{what}: needs at least two subscales")

    def resid(x):
        _, var_t, alpha, _ = build(math.exp(x[0]), 0.98 / (1 + math.exp(-x[1])))
        return [math.sqrt(var_t) / sd_target - 1, alpha - v.alpha.value]

    sol = optimize.least_squares(resid, [0.0, 1.0], xtol=1e-10, ftol=1e-12, diff_step=1e-6)
    if max(abs(r) for r in sol.fun) > 1e-4:
        raise ValueError(
            f"{what}: total SD {v.sd.value} and alpha {v.alpha.value} cannot both be reached with subscale "
            f"alpha {alpha_sub} and halves_r {v.halves_r.value if v.halves_r else '-'}"
        )
    s_item, a = math.exp(sol.x[0]), 0.98 / (1 + math.exp(-sol.x[1]))
    sets, var_t, alpha, chats = build(s_item, a)
    lam = a * h
    profile = (w[:, None] * chats * lam ** np.arange(1, _N_HERMITE + 1)).sum(axis=0)
    mean = float(w @ (sizes * np.array([x.moments()[0] for x in sets])))
    return _InstrumentFit(
        v.instrument, lo, hi, subs, positive, sets, a, h, shift, _Score(profile, mean, var_t), alpha
    )


def _fit_scale_variable(v) -> tuple[_Items, _Score]:
    m, lo, hi = v.items, v.response.min, v.response.max
    per = m if v.score == "sum" else 1
    mean_item = v.mean.value / per
    var_sum = (v.sd.value * m / per) ** 2
    a = v.alpha.value
    var_item = var_sum * (1 - a * (m - 1) / m) / m
    items = _fit_scale(m, lo, hi, mean_item, var_item, a, f"variable {v.id}")
    chat = items.chat() / (m / per)
    return items, _Score(chat, v.mean.value, items.var_sum() / (m / per) ** 2)


# --- the plan: everything fitted once per card --------------------------------------------
@dataclass
class Plan:
    """A card's calibration: latent correlations, group shifts and item parameters (no randomness)."""

    card: Card
    constructs: list[str]
    latent_r: np.ndarray  # correlations of the Gaussian parts actually drawn
    chol: np.ndarray
    fits: dict[str, object]
    scores: dict[str, _Score]
    shifts: dict[str, dict[str, np.ndarray]]  # variable -> group -> latent shift per level
    scale_down: np.ndarray  # per construct: sd of its Gaussian part after shifts / moderation
    moderation: list[tuple[int, np.ndarray, np.ndarray, float]]  # variable, with-part, by-weights, gamma
    construct_r: np.ndarray  # latent correlations of the constructs, pooled over groups (the card's)

    def observed_r(self, a: str, b: str) -> float:
        """The correlation between two variables' scores that the plan is built to give (before
        sampling noise; moderation and group effects aside)."""
        i, j = self.constructs.index(a), self.constructs.index(b)
        rho = self.construct_r[i, j]
        sa, sb = self.scores[a], self.scores[b]
        n = np.arange(1, _N_HERMITE + 1)
        return float((sa.profile * sb.profile) @ rho**n / math.sqrt(sa.var * sb.var))


def _observed_to_latent(sa: _Score, sb: _Score, r: float, what: str) -> float:
    n = np.arange(1, _N_HERMITE + 1)
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


def _fig(f: CardFigure) -> str:
    return f"{f.value:g} ({f.basis})"


def _check_pd(card: Card, names: list[str], r: np.ndarray, labels: dict[frozenset, str]) -> np.ndarray:
    try:
        return np.linalg.cholesky(r)
    except np.linalg.LinAlgError:
        pass
    vals, vecs = np.linalg.eigh(r)
    weights = np.abs(vecs[:, 0])
    worst = [names[i] for i in np.argsort(-weights)[:3]]
    involved = [
        labels[frozenset((a, b))]
        for i, a in enumerate(worst)
        for b in worst[i + 1 :]
        if frozenset((a, b)) in labels
    ]
    raise ValueError(
        f"card {card.id}: the correlations are not jointly possible (latent matrix not positive definite, "
        f"smallest eigenvalue {vals[0]:.3f}); the variables most involved are {', '.join(worst)}: check "
        + ("; ".join(involved) if involved else "their correlations")
    )


def _path_correlations(card: Card, given: dict[tuple[str, str], float]) -> list[tuple]:
    """The observed correlations implied by the card's standardised paths."""
    if not card.paths:
        return []
    outcomes = {p.outcome for p in card.paths}
    known = sorted({x for p in card.paths for x in p.predictors if x not in outcomes})
    r = {(a, a): 1.0 for a in known}
    for a in known:
        for b in known:
            if a != b:
                r[(a, b)] = given.get((a, b), given.get((b, a), 0.0))
    out = []
    for j, p in enumerate(card.paths):
        xs = list(p.predictors)
        beta = np.array([p.predictors[x].value for x in xs])
        rxx = np.array([[r[(a, b)] for b in xs] for a in xs])
        r2 = float(beta @ rxx @ beta)
        label = f"paths[{j + 1}] {p.outcome} <- " + ", ".join(f"{x} {_fig(p.predictors[x])}" for x in xs)
        if not 0 <= r2 < 1:
            raise ValueError(
                f"card {card.id}: {label} explains {r2:.2f} of the variance of {p.outcome}; "
                "it must be below 1"
            )
        y = p.outcome
        for z in known:
            ryz = float(sum(b * r[(x, z)] for b, x in zip(beta, xs, strict=True)))
            r[(y, z)] = r[(z, y)] = ryz
            out.append((y, z, ryz, "observed", label))
        r[(y, y)] = 1.0
        known.append(y)
    return out


def _group_shares(g) -> np.ndarray:
    return np.array([g.shares[lv].value for lv in g.levels])


@cache
def _plan_cached(card_json: str) -> Plan:
    return _build_plan(Card.model_validate_json(card_json))


def plan(card: Card | str, variant: str | None = None) -> Plan:
    """The calibrated plan of a card (cached by content): what :func:`simulate` draws from."""
    card = load_card(card) if isinstance(card, str) else card
    return _plan_cached(card.with_variant(variant).model_dump_json(by_alias=True))


def _build_plan(card: Card) -> Plan:
    constructs = [v.id for v in card.variables if v.kind != "group"]
    idx = {c: i for i, c in enumerate(constructs)}
    fits: dict[str, object] = {}
    scores: dict[str, _Score] = {}
    for v in card.variables:
        if v.kind == "instrument":
            fit = _fit_instrument(v)
            fits[v.id], scores[v.id] = fit, fit.score
        elif v.kind == "scale":
            fits[v.id], scores[v.id] = _fit_scale_variable(v)
        elif v.kind == "continuous":
            prof = np.zeros(_N_HERMITE)
            prof[0] = v.sd.value
            scores[v.id] = _Score(prof, v.mean.value, v.sd.value**2)
    k = len(constructs)
    target = np.eye(k)
    labels: dict[frozenset, str] = {}
    wanted = []  # (a, b, r, metric, label)
    for j, c in enumerate(card.correlations):
        a, b = c.between
        wanted.append((a, b, c.r.value, c.metric, f"correlations[{j + 1}] {a}-{b} r = {_fig(c.r)}"))
    wanted += _path_correlations(card, {(a, b): r for a, b, r, _, _ in wanted})
    for a, b, r, metric, label in wanted:
        what = f"card {card.id} {label}"
        lat = r if metric == "latent" else _observed_to_latent(scores[a], scores[b], r, what)
        target[idx[a], idx[b]] = target[idx[b], idx[a]] = lat
        labels[frozenset((a, b))] = label

    # group shifts, sized so that the observed d lands on the card
    shifts: dict[str, dict[str, np.ndarray]] = {}
    shift_var = np.zeros(k)
    for v in card.variables:
        if v.kind != "group":
            continue
        p = _group_shares(v)
        sigma_p = np.diag(p) - np.outer(p, p)
        for var in {e.variable for e in card.group_effects if e.group == v.id}:
            u = np.zeros(len(v.levels))
            for e in card.group_effects:
                if e.group == v.id and e.variable == var:
                    u[v.levels.index(e.level)] = e.d.value
            sc = scores[var]
            kappa = sc.profile[0]
            q = float(u @ sigma_p @ u)
            t = math.sqrt(sc.var) / (kappa * math.sqrt(1 + q))
            delta = t * u
            shifts.setdefault(var, {})[v.id] = delta
            shift_var[idx[var]] += float(delta @ sigma_p @ delta)
    if (shift_var >= 1).any():
        bad = constructs[int(np.argmax(shift_var))]
        raise ValueError(f"card {card.id}: the group effects on {bad} are too large for one population")
    c_group = np.sqrt(1 - shift_var)
    # the card's correlations are pooled over groups: take out what shared group shifts add
    between = np.zeros((k, k))
    for v in card.variables:
        if v.kind == "group":
            p = _group_shares(v)
            sigma_p = np.diag(p) - np.outer(p, p)
            hit = [(idx[var], d[v.id]) for var, d in shifts.items() if v.id in d]
            for ia, da in hit:
                for ib, db in hit:
                    if ia != ib:
                        between[ia, ib] += float(da @ sigma_p @ db)
    latent_z = (target - between) / np.outer(c_group, c_group)
    np.fill_diagonal(latent_z, 1.0)

    moderation = []
    c_mod = np.ones(k)
    for m in card.moderation:
        iv, iw = idx[m.variable], idx[m.with_]
        ib = [idx[b] for b in m.by]
        wb = np.zeros(k)
        wb[ib] = 1.0
        wb /= math.sqrt(wb @ latent_z @ wb)
        # the interaction uses the part of `with` that the moderators do not explain, so it is
        # uncorrelated with them and adds no curvature to their links with `variable`
        beta = np.linalg.solve(latent_z[np.ix_(ib, ib)], latent_z[iw, ib])
        uw = np.zeros(k)
        uw[iw] = 1.0
        uw[ib] -= beta
        uw /= math.sqrt(uw @ latent_z @ uw)
        gamma = m.strength.value
        c_mod[iv] = 1 / math.sqrt(1 + gamma**2)
        moderation.append((iv, uw, wb, gamma))
    latent_z = latent_z / np.outer(c_mod, c_mod)
    np.fill_diagonal(latent_z, 1.0)
    chol = _check_pd(card, constructs, latent_z, labels)
    return Plan(card, constructs, latent_z, chol, fits, scores, shifts, c_group * c_mod, moderation, target)


# --- drawing -------------------------------------------------------------------------------
def _groups(card: Card, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    out = {}
    for v in card.variables:
        if v.kind != "group":
            continue
        p = _group_shares(v)
        if v.allocation == "random":
            out[v.id] = rng.choice(len(p), size=n, p=p)
        else:
            exact = n * p
            counts = np.floor(exact).astype(int)
            extra = n - counts.sum()
            counts[np.argsort(-(exact - counts), kind="stable")[:extra]] += 1
            out[v.id] = rng.permutation(np.repeat(np.arange(len(p)), counts))
    return out


def _draw_latent(p: Plan, n: int, rng: np.random.Generator, exact: bool) -> np.ndarray:
    k = len(p.constructs)
    z = rng.standard_normal((n, k))
    if exact:
        if n <= k + 1:
            raise ValueError(f"exact=True needs more respondents than variables ({k}); n is {n}")
        z -= z.mean(axis=0)
        w = np.linalg.cholesky(np.cov(z, rowvar=False))
        z = np.linalg.solve(w, z.T).T
    return z @ p.chol.T


def _answers(items: _Items, latent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    noise = rng.standard_normal((latent.shape[0], items.m))
    y = noise
    y *= math.sqrt(1 - items.lam**2)
    y += items.lam * latent[:, None]
    answers = np.full(y.shape, items.lo, dtype=np.int8)
    for t in items.tau:  # one comparison per threshold beats a search for a handful of them
        answers += y > t
    return answers


def simulate(
    card: Card | str, n: int, seed: int, *, exact: bool = False, variant: str | None = None
) -> pd.DataFrame:
    """Simulate ``n`` respondents of a card's population.

    Parameters
    ----------
    card : a :class:`~sclab.populations.card.Card` or the id of a shipped card (see :func:`sclab.card_ids`).
    n : number of respondents.
    seed : the seed of ``numpy.random.default_rng``; the same seed gives the same sample.
    exact : make the sample's latent construct correlations equal the plan's (like faux's
        empirical mode); the observed scores then still vary a little through the items.
    variant : for a card with variants (e.g. effect sizes from one meta-analysis or another),
        which one; ``None`` takes the card's default.

    Returns
    -------
    DataFrame, one row per respondent: group columns (text), then for each variable its item
    answers (``<id>_<n>``, whole numbers) and its scores: for an instrument the subscale means,
    ``<id>_compassionate`` / ``<id>_uncompassionate`` where it has both halves, and
    ``<id>_total``; for a card-defined scale ``<id>`` (sum or mean of its items); for a
    continuous variable ``<id>``.

    >>> df = simulate("students-scs", n=1000, seed=7)
    >>> df["gender"].value_counts().index.tolist()
    ['woman', 'man']
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of respondents, at least 1; got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number, 0 or more; got {seed!r}")
    p = plan(card, variant)
    card = p.card
    rng = np.random.default_rng(int(seed))
    groups = _groups(card, n, rng)
    z = _draw_latent(p, n, rng, exact)
    g = z.copy()
    for iv, uw, wb, gamma in p.moderation:
        g[:, iv] = (z[:, iv] - gamma * (z @ uw) * (z @ wb)) / math.sqrt(1 + gamma**2)
    g *= p.scale_down
    for var, by_group in p.shifts.items():
        for gid, delta in by_group.items():
            gv = card.variable(gid)
            shares = _group_shares(gv)
            g[:, p.constructs.index(var)] += (delta - delta @ shares)[groups[gid]]

    columns: dict[str, np.ndarray | pd.Series] = {}
    for gid, codes in groups.items():
        columns[gid] = np.asarray(card.variable(gid).levels, dtype=object)[codes]
    for v in card.variables:
        if v.kind == "group":
            continue
        latent = g[:, p.constructs.index(v.id)]
        if v.kind == "instrument":
            columns.update(_instrument_columns(v, p.fits[v.id], latent, rng))
        elif v.kind == "scale":
            items: _Items = p.fits[v.id]
            ans = _answers(items, latent, rng)
            for j in range(items.m):
                columns[f"{v.id}_{j + 1}"] = ans[:, j]
            total = ans.sum(axis=1, dtype=np.int64)
            columns[v.id] = total if v.score == "sum" else total / items.m
        else:
            columns[v.id] = np.round(v.mean.value + v.sd.value * latent, v.decimals)
    return pd.DataFrame(columns)


def _instrument_columns(v, fit: _InstrumentFit, latent: np.ndarray, rng: np.random.Generator) -> dict:
    from sclab.measure.instrument import load_instrument

    inst = load_instrument(fit.instrument_id, wording=False)
    n = latent.shape[0]
    if any(not p for p in fit.positive) and any(fit.positive):
        halves = {
            pos: fit.h * latent + math.sqrt(1 - fit.h**2) * rng.standard_normal(n) for pos in (True, False)
        }
    else:
        halves = {True: latent, False: latent}
    answers = np.empty((n, inst.n_items), dtype=np.int8)
    for s, pos, items in zip(fit.subscales, fit.positive, fit.items, strict=True):
        sub_latent = fit.a * halves[pos] + math.sqrt(1 - fit.a**2) * rng.standard_normal(n)
        keyed = _answers(items, sub_latent, rng)
        members = inst.subscale_items(s)
        for j, it in enumerate(members):
            col = keyed[:, j]
            answers[:, it.number - 1] = (fit.lo + fit.hi - col) if it.reversed else col
    frame = pd.DataFrame(answers, columns=[f"{v.id}_{i}" for i in range(1, inst.n_items + 1)])
    scored = inst.score(frame, items=f"{v.id}_{{n}}", prefix=f"{v.id}_")
    keep = [f"{v.id}_{s}" for s in fit.subscales]
    if inst.has_polarity:
        keep += [f"{v.id}_compassionate", f"{v.id}_uncompassionate"]
    keep.append(f"{v.id}_total")
    out = {c: frame[c].to_numpy() for c in frame.columns}
    out.update({c: scored[c].to_numpy() for c in keep})
    return out


def calibration(card: Card | str, variant: str | None = None) -> pd.DataFrame:
    """What the generator fitted for a card: one row per quantity, with ``what``, ``value`` and ``note``.

    >>> cal = calibration("students-scs")
    >>> "subscale mean shift (scs)" in set(cal["what"])
    True
    """
    p = plan(card, variant)
    rows = []
    for vid, fit in p.fits.items():
        if isinstance(fit, _InstrumentFit):
            rows.append((f"subscale mean shift ({vid})", fit.shift, "added to every keyed subscale mean"))
            rows.append((f"subscale loading on its half ({vid})", fit.a, "fitted to total SD and alpha"))
            for s, items in zip(fit.subscales, fit.items, strict=True):
                rows.append((f"item loading {vid}.{s}", items.lam, "fitted to the subscale alpha"))
        else:
            rows.append((f"item loading {vid}", fit.lam, "fitted to alpha"))
    for i, a in enumerate(p.constructs):
        for j in range(i + 1, len(p.constructs)):
            r = p.construct_r[i, j]
            if abs(r) > 1e-12:
                rows.append(
                    (
                        f"latent r {a}-{p.constructs[j]}",
                        float(r),
                        "between the constructs, pooled over groups",
                    )
                )
    return pd.DataFrame(rows, columns=["what", "value", "note"])
