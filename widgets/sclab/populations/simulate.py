"""Card + n + seed -> an item-level simulated sample.

How a sample is made
--------------------
1. Each score variable of the card has a standard-normal construct: for an instrument or an item
   scale, the standardised true score of its total. They are drawn together with the latent
   correlation matrix of the card's plan (:mod:`sclab.populations.plan`: ``latent`` figures as
   given, ``observed`` ones converted exactly through the Hermite expansion of each score given
   its construct). A polarity instrument adds one more normal, its halves' contrast.
2. Group effects shift a construct by group (sized so the observed d lands on the card), and a
   moderation adds a latent interaction that weakens one link as a third variable rises.
3. Items: ``answer = cut(loading * latent + sqrt(1 - loading**2) * noise)`` at thresholds. For an
   instrument, each subscale has its own latent, drawn given the true score ``z`` and the
   contrast ``u`` as ``beta * z + gamma * u + residual`` (so the subscales and halves keep their
   own reliable parts and the total's reliable part is all in ``z``). Loadings and thresholds are
   calibrated (:mod:`sclab.populations.calibration`, with no random numbers) so that the scored
   mean, SD and Cronbach's alpha land on the card. Instrument answers are then scored by
   :meth:`Instrument.score`, so reverse keying, subscales and reliability are real and can be
   recomputed by students.
4. A repeated measure (``repeated`` on the card) carries the earlier measurement's draws into the
   later one: ``rho * old + sqrt(1 - rho**2) * new`` for the subscale residuals (``rho`` = the
   stability) and for each item's own noise (``rho`` fitted so the retest r lands).

Same seed, same sample: everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed
order: the groups, then all constructs at once, then variable by variable in card order (for an
instrument its subscale residuals, then each subscale's item noise; for a scale its item noise).

>>> df = simulate("students-scs", n=500, seed=1)
>>> df[["gender", "scs_1", "scs_total"]].shape
(500, 3)
>>> bool(df["scs_total"].between(1, 5).all())
True
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sclab.populations.calibration import InstrumentFit, Items, true_score
from sclab.populations.card import Card
from sclab.populations.plan import Plan, group_shares, plan
from sclab.validation import seed as seed_check
from sclab.validation import whole_number

__all__ = ["simulate"]


def _groups(card: Card, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    out = {}
    for v in card.variables:
        if v.kind != "group":
            continue
        p = group_shares(v)
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


def _carry(new: np.ndarray, old: np.ndarray | None, rho: float) -> np.ndarray:
    """Fresh normals, or the earlier ones carried over with correlation ``rho``."""
    if old is None:
        return new
    new *= math.sqrt(1 - rho**2)
    new += rho * old
    return new


def _answers(items: Items, latent: np.ndarray, noise: np.ndarray) -> np.ndarray:
    y = noise * math.sqrt(1 - items.lam**2)
    y += items.lam * latent[:, None]
    answers = np.full(y.shape, items.lo, dtype=np.int8)
    for t in items.tau:  # one comparison per threshold beats a search for a handful of them
        answers += y > t
    return answers


def simulate(
    card: Card | str,
    n: int,
    seed: int,
    *,
    exact: bool = False,
    variant: str | None = None,
    true_scores: bool = False,
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
    true_scores : also give each instrument's and item scale's true score, ``<id>_true``
        (E[total | construct], on the total's metric), for teaching and checking reliability.
        Off by default; it adds columns only and changes no draw.

    Returns
    -------
    DataFrame, one row per respondent: group columns (text), then for each variable its item
    answers (``<id>_<n>``, whole numbers) and its scores: for an instrument the subscale means,
    ``<id>_compassionate`` / ``<id>_uncompassionate`` where it has both halves, and
    ``<id>_total``; for a card-defined scale also ``<id>_total`` (sum or mean of its items); for a
    continuous variable ``<id>`` (see :meth:`Card.score_column`); with ``true_scores``, ``<id>_true``.

    >>> df = simulate("students-scs", n=1000, seed=7)
    >>> df["gender"].value_counts().index.tolist()
    ['woman', 'man']
    """
    n = whole_number(n, "n", 1, what="of respondents")
    seed = seed_check(seed)
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
            shares = group_shares(gv)
            g[:, p.constructs.index(var)] += (delta - delta @ shares)[groups[gid]]

    columns: dict[str, np.ndarray | pd.Series] = {}
    for gid, codes in groups.items():
        columns[gid] = np.asarray(card.variable(gid).levels, dtype=object)[codes]
    draws: dict[str, tuple] = {}  # each measure's normals, for a later repeat of it
    for v in card.variables:
        if v.kind == "group":
            continue
        latent = g[:, p.constructs.index(v.id)]
        earlier, rho_s, rho_e = p.persist.get(v.id, (None, 0.0, 0.0))
        old = draws.get(earlier, (None, None))
        if v.kind == "instrument":
            fit: InstrumentFit = p.fits[v.id]
            u = g[:, p.constructs.index(f"{v.id}.contrast")] if fit.gamma is not None else None
            cols, draws[v.id] = _instrument_columns(v, fit, latent, u, rng, old, (rho_s, rho_e))
            columns.update(cols)
        elif v.kind == "scale":
            items: Items = p.fits[v.id]
            noise = _carry(rng.standard_normal((n, items.m)), old[1], rho_e)
            draws[v.id] = (None, noise)
            ans = _answers(items, latent, noise)
            for j in range(items.m):
                columns[f"{v.id}_{j + 1}"] = ans[:, j]
            total = ans.sum(axis=1, dtype=np.int64)
            columns[f"{v.id}_total"] = total if v.score == "sum" else total / items.m
        else:
            columns[v.id] = np.round(v.mean.value + v.sd.value * latent, v.decimals)
        if true_scores and v.kind != "continuous":
            columns[f"{v.id}_true"] = true_score(p.scores[v.id], latent)
    return pd.DataFrame(columns)


def _instrument_columns(v, fit: InstrumentFit, z, u, rng, old, rho) -> tuple[dict, tuple]:
    from sclab.measure.instrument import load_instrument

    inst = load_instrument(fit.instrument_id, wording=False)
    n = z.shape[0]
    resid = _carry(rng.standard_normal((n, len(fit.subscales))), old[0], rho[0])
    sub_latent = np.outer(z, fit.beta) + resid @ fit.factor.T
    if u is not None:
        sub_latent += np.outer(u, fit.gamma)
    answers = np.empty((n, inst.n_items), dtype=np.int8)
    noises = []
    for k, (s, items) in enumerate(zip(fit.subscales, fit.items, strict=True)):
        noise = _carry(rng.standard_normal((n, items.m)), old[1][k] if old[1] else None, rho[1])
        noises.append(noise)
        keyed = _answers(items, sub_latent[:, k], noise)
        for j, it in enumerate(inst.subscale_items(s)):
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
    return out, (resid, noises)
