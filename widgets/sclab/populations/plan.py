"""A card's plan: latent correlations, group shifts, moderation and the item fits, built once.

Every score variable has a standard-normal construct: for an instrument or an item scale it is
the (standardised) true score of its total, so a ``latent`` correlation (corrected for
attenuation) is used as given between constructs, and an ``observed`` one is converted to the
latent one that reproduces it after the items are cut into answers. A polarity instrument has one
more latent direction, ``<id>.contrast`` (the part of its halves' contrast the true score does not
carry), uncorrelated with everything unless a card's correlation with a half sets it. ``repeated``
measurements get their stability between constructs (within groups) and a fitted persistence of
each item's own part, so that the card's retest r lands. Paths
(standardised regressions) add the correlations they imply. Group effects shift a construct by
group, sized so that the observed d lands on the card, and the pooled correlations are corrected
for what shared shifts add. A matrix that is not positive definite is rejected with a message
naming the card's figures involved. No random numbers are drawn here.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from scipy import optimize

from sclab.populations.calibration import (
    N_HERMITE,
    InstrumentFit,
    ScoreProfile,
    fit_instrument,
    fit_item_persistence,
    fit_scale_variable,
    observed_to_latent,
    retest_r,
)
from sclab.populations.card import Card, CardFigure, load_card

__all__ = ["Plan", "calibration", "group_shares", "plan"]


@dataclass
class Plan:
    """A card's calibration: latent correlations, group shifts and item parameters (no randomness)."""

    card: Card
    constructs: list[str]
    chol: np.ndarray
    fits: dict[str, object]
    scores: dict[str, ScoreProfile]
    shifts: dict[str, dict[str, np.ndarray]]  # variable -> group -> latent shift per level
    scale_down: np.ndarray  # per construct: sd of its Gaussian part after shifts / moderation
    moderation: list[tuple[int, np.ndarray, np.ndarray, float]]  # variable, with-part, by-weights, gamma
    construct_r: np.ndarray  # latent correlations of the constructs, pooled over groups (the card's)
    # later measurement -> (earlier measurement, stability, persistence of each item's own part)
    persist: dict[str, tuple[str, float, float]]

    def _r(self, a: str, b: str) -> float:
        return float(self.construct_r[self.constructs.index(a), self.constructs.index(b)])

    def observed_r(self, a: str, b: str) -> float:
        """The correlation between two variables' scores that the plan is built to give (before
        sampling noise; moderation and group effects aside; for a repeated measure, the retest r
        within groups)."""
        for later, (earlier, stability, rho_item) in self.persist.items():
            if {a, b} == {earlier, later}:
                return retest_r(self._fit(earlier), self._fit(later), stability, rho_item)
        rho = self._r(a, b)
        sa, sb = self.scores[a], self.scores[b]
        n = np.arange(1, N_HERMITE + 1)
        return float((sa.profile * sb.profile) @ rho**n / math.sqrt(sa.var * sb.var))

    def observed_half_r(self, variable: str, half: str, other: str) -> float:
        """The correlation between a half's score (as scored) and another variable's score."""
        fit: InstrumentFit = self.fits[variable]
        rho_u = self._r(f"{variable}.contrast", other) if fit.gamma is not None else 0.0
        return fit.half_observed_r(half, self.scores[other], self._r(variable, other), rho_u)

    def reliability(self, variable: str) -> float:
        """The squared correlation of a variable's score with its true score (E[score | construct])."""
        s = self.scores[variable]
        return float(s.profile @ s.profile / s.var)

    def _fit(self, variable: str):
        fit = self.fits[variable]
        return fit if isinstance(fit, InstrumentFit) else (fit, self.scores[variable])


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


def group_shares(g) -> np.ndarray:
    return np.array([g.shares[lv].value for lv in g.levels])


@cache
def _plan_cached(card_json: str) -> Plan:
    return _build_plan(Card.model_validate_json(card_json))


def plan(card: Card | str, variant: str | None = None) -> Plan:
    """The calibrated plan of a card (cached by content): what :func:`simulate` draws from."""
    card = load_card(card) if isinstance(card, str) else card
    return _plan_cached(card.with_variant(variant).model_dump_json(by_alias=True))


def _fits(card: Card) -> tuple[dict[str, object], dict[str, ScoreProfile]]:
    """Each score variable's fitted items and the profile of its score given its construct."""
    fits: dict[str, object] = {}
    scores: dict[str, ScoreProfile] = {}
    for v in card.variables:
        if v.kind == "instrument":
            fit = fit_instrument(v)
            fits[v.id], scores[v.id] = fit, fit.score
        elif v.kind == "scale":
            fits[v.id], scores[v.id] = fit_scale_variable(v)
        elif v.kind == "continuous":
            prof = np.zeros(N_HERMITE)
            prof[0] = v.sd.value
            scores[v.id] = ScoreProfile(prof, v.mean.value, v.sd.value**2)
    return fits, scores


def _target(
    card: Card, idx: dict[str, int], scores: dict[str, ScoreProfile]
) -> tuple[np.ndarray, dict[frozenset, str]]:
    """The constructs' latent correlations the card asks for (pooled over groups), with their labels."""
    target = np.eye(len(idx))
    labels: dict[frozenset, str] = {}
    wanted = []  # (a, b, r, metric, label)
    for j, c in enumerate(card.correlations):
        a, b = c.between
        if c.half is None:
            wanted.append((a, b, c.r.value, c.metric, f"correlations[{j + 1}] {a}-{b} r = {_fig(c.r)}"))
    wanted += _path_correlations(card, {(a, b): r for a, b, r, _, _ in wanted})
    for a, b, r, metric, label in wanted:
        what = f"card {card.id} {label}"
        lat = r if metric == "latent" else observed_to_latent(scores[a], scores[b], r, what)
        target[idx[a], idx[b]] = target[idx[b], idx[a]] = lat
        labels[frozenset((a, b))] = label
    return target, labels


def _half_links(card: Card, idx: dict[str, int], fits: dict, scores: dict, target: np.ndarray) -> None:
    """Set each declared half's link: the contrast's correlation with the other variable."""
    for j, c in enumerate(card.correlations):
        if c.half is None:
            continue
        var, half, other = c.half
        fit: InstrumentFit = fits[var]
        rho_z = target[idx[var], idx[other]]
        label = f"card {card.id} correlations[{j + 1}] {var}.{half}-{other} r = {_fig(c.r)}"

        def f(rho_u, fit=fit, half=half, rho_z=rho_z, other=other, metric=c.metric):
            if metric == "latent":
                return fit.half_latent_r(half, rho_z, rho_u)
            return fit.half_observed_r(half, scores[other], rho_z, rho_u)

        top = math.sqrt(max(1 - rho_z**2, 0.0)) * 0.999
        lo, hi = f(-top) - c.r.value, f(top) - c.r.value
        if lo * hi > 0:
            raise ValueError(
                f"{label}: with the total's link, this half's r can only lie between {lo + c.r.value:.2f} "
                f"and {hi + c.r.value:.2f}"
            )
        rho_u = optimize.brentq(lambda x, f=f, want=c.r.value: f(x) - want, -top, top, xtol=1e-12)
        iu = idx[f"{var}.contrast"]
        target[iu, idx[other]] = target[idx[other], iu] = rho_u


def _share_cov(g) -> np.ndarray:
    p = group_shares(g)
    return np.diag(p) - np.outer(p, p)


def _group_shifts(
    card: Card, idx: dict[str, int], scores: dict[str, ScoreProfile]
) -> tuple[dict[str, dict[str, np.ndarray]], np.ndarray]:
    """Latent shifts per group level, sized so that the observed d lands on the card, and the
    share of each construct's variance they take."""
    shifts: dict[str, dict[str, np.ndarray]] = {}
    shift_var = np.zeros(len(idx))
    for v in (v for v in card.variables if v.kind == "group"):
        sigma_p = _share_cov(v)
        for var in {e.variable for e in card.group_effects if e.group == v.id}:
            u = np.zeros(len(v.levels))
            for e in card.group_effects:
                if e.group == v.id and e.variable == var:
                    u[v.levels.index(e.level)] = e.d.value
            sc = scores[var]
            t = math.sqrt(sc.var) / (sc.profile[0] * math.sqrt(1 + float(u @ sigma_p @ u)))
            shifts.setdefault(var, {})[v.id] = t * u
            shift_var[idx[var]] += float((t * u) @ sigma_p @ (t * u))
    if (shift_var >= 1).any():
        bad = list(idx)[int(np.argmax(shift_var))]
        raise ValueError(f"card {card.id}: the group effects on {bad} are too large for one population")
    return shifts, shift_var


def _between_groups(card: Card, idx: dict[str, int], shifts: dict[str, dict[str, np.ndarray]]) -> np.ndarray:
    """What shared group shifts add to the pooled correlations (the card's are pooled over groups)."""
    between = np.zeros((len(idx), len(idx)))
    for v in (v for v in card.variables if v.kind == "group"):
        sigma_p = _share_cov(v)
        hit = [(idx[var], d[v.id]) for var, d in shifts.items() if v.id in d]
        for ia, da in hit:
            for ib, db in hit:
                if ia != ib:
                    between[ia, ib] += float(da @ sigma_p @ db)
    return between


def _moderation(card: Card, idx: dict[str, int], latent_z: np.ndarray) -> tuple[list[tuple], np.ndarray]:
    """Each moderation's (variable, with-part, by-weights, gamma) and the scale-down it needs."""
    k = len(idx)
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
    return moderation, c_mod


def _repeated(card: Card, idx: dict, fits: dict, scores: dict, latent_z, target, sd, between) -> dict:
    """Stabilities into the within-group latent matrix (and the pooled one), contrasts persisting
    alike, and each item's own part fitted to the card's retest r."""
    persist = {}
    for j, rep in enumerate(card.repeated):
        a, b = rep.between
        s = rep.stability.value
        latent_z[idx[a], idx[b]] = latent_z[idx[b], idx[a]] = s
        fa, fb = ((fits[x] if isinstance(fits[x], InstrumentFit) else (fits[x], scores[x])) for x in (a, b))
        what = (
            f"card {card.id} repeated[{j + 1}] {a}-{b} "
            f"(stability {_fig(rep.stability)}, retest {_fig(rep.retest)})"
        )
        persist[b] = (a, s, fit_item_persistence(fa, fb, s, rep.retest.value, what))
    _chain_contrasts(card, idx, latent_z)
    pooled = latent_z * np.outer(sd, sd) + between  # within-group figures plus what groups add
    for rep in card.repeated:
        for i, k in itertools.permutations([i for c, i in idx.items() if c.split(".")[0] in rep.between], 2):
            target[i, k] = pooled[i, k]
    return persist


def _chain_contrasts(card: Card, idx: dict[str, int], latent_z: np.ndarray) -> None:
    """Contrasts of measurements linked by repeats correlate as their true scores do."""
    groups: list[set[str]] = []
    for rep in card.repeated:
        hit = [g for g in groups if set(rep.between) & g]
        merged = set(rep.between).union(*hit)
        groups = [g for g in groups if g not in hit] + [merged]
    for g in groups:
        for x in g:
            for y in g:
                if x != y and f"{x}.contrast" in idx:
                    latent_z[idx[f"{x}.contrast"], idx[f"{y}.contrast"]] = latent_z[idx[x], idx[y]]


def _build_plan(card: Card) -> Plan:
    fits, scores = _fits(card)
    constructs = [v.id for v in card.variables if v.kind != "group"]
    constructs += [f"{c}.contrast" for c in constructs if getattr(fits.get(c), "gamma", None) is not None]
    idx = {c: i for i, c in enumerate(constructs)}
    target, labels = _target(card, idx, scores)
    _half_links(card, idx, fits, scores, target)
    shifts, shift_var = _group_shifts(card, idx, scores)
    c_group = np.sqrt(1 - shift_var)
    between = _between_groups(card, idx, shifts)
    latent_z = (target - between) / np.outer(c_group, c_group)
    np.fill_diagonal(latent_z, 1.0)
    moderation, c_mod = _moderation(card, idx, latent_z)
    latent_z = latent_z / np.outer(c_mod, c_mod)
    np.fill_diagonal(latent_z, 1.0)
    persist = _repeated(card, idx, fits, scores, latent_z, target, c_group * c_mod, between)
    chol = _check_pd(card, constructs, latent_z, labels)
    return Plan(card, constructs, chol, fits, scores, shifts, c_group * c_mod, moderation, target, persist)


def calibration(card: Card | str, variant: str | None = None) -> pd.DataFrame:
    """What the generator fitted for a card: one row per quantity, with ``what``, ``value`` and ``note``.

    >>> cal = calibration("students-scs")
    >>> "subscale mean shift (scs)" in set(cal["what"])
    True
    """
    p = plan(card, variant)
    rows = []
    for vid, fit in p.fits.items():
        if isinstance(fit, InstrumentFit):
            rows.append((f"subscale mean shift ({vid})", fit.shift, "added to every keyed subscale mean"))
            rows.append((f"subscale loading on its half ({vid})", fit.a, "fitted to total SD and alpha"))
            for s, items in zip(fit.subscales, fit.items, strict=True):
                rows.append((f"item loading {vid}.{s}", items.lam, "fitted to the subscale alpha"))
        else:
            rows.append((f"item loading {vid}", fit.lam, "fitted to alpha"))
        rows.append((f"reliability ({vid})", p.reliability(vid), "r(score, true score) squared"))
    for later, (earlier, stability, rho_item) in p.persist.items():
        rows.append((f"item persistence {earlier}-{later}", rho_item, "fitted to the card's retest r"))
        rows.append((f"stability {earlier}-{later}", stability, "between the true scores, within groups"))
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
