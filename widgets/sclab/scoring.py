"""Vectorised scoring: one code path for one student, a class export and a simulated million.

The raw answers are only read, never changed. Answers that are missing, not numbers, not whole
numbers or outside the response range count as unanswered and are flagged on their row; the row
is kept and scored as far as the instrument's missing-answer rule allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sclab.itemcolumns import resolve_columns

if TYPE_CHECKING:
    from sclab.instruments import Instrument, TotalRule

__all__ = ["STATUS", "score", "score_columns"]

#: ``status`` values: every answer valid; total scored but something flagged; total not scored.
STATUS = ("complete", "partial", "unscored")

_Z95 = 1.959963984540054


def score_columns(instrument: Instrument) -> list[str]:
    """The columns :func:`score` returns for an instrument (before any prefix)."""
    cols = [s.id for s in instrument.subscales]
    if instrument.has_polarity:
        cols += ["compassionate", "uncompassionate"]
    return cols + ["total", "total_ci_low", "total_ci_high", "band", "n_answered", "status", "flags"]


def _answers(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Item answers as floats (NaN when absent or unreadable) and a mask of non-numeric entries."""
    n, k = len(frame), len(columns)
    values = np.empty((n, k), dtype=float)
    non_numeric = np.zeros((n, k), dtype=bool)
    for j, col in enumerate(columns):
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            values[:, j] = s.to_numpy(dtype=float, na_value=np.nan)
            continue
        text = s.astype("string").str.strip()
        blank = text.isna() | (text == "")
        num = pd.to_numeric(text.mask(blank), errors="coerce")
        values[:, j] = num.to_numpy(dtype=float, na_value=np.nan)
        non_numeric[:, j] = (~blank & num.isna()).to_numpy()
    return values, non_numeric


def score(
    instrument: Instrument,
    frame: pd.DataFrame,
    *,
    items: str | Mapping[int, str] | None = None,
    total_rule: TotalRule | None = None,
    prefix: str = "",
) -> pd.DataFrame:
    """Score a table of answers, one respondent per row.

    Parameters
    ----------
    instrument : the :class:`~sclab.instruments.Instrument`.
    frame : raw answers; read only. Other columns are ignored.
    items : where the items are: a pattern with ``{n}`` (``"Q{n}"``), a mapping
        ``{number: column}``, or ``None`` for the instrument's ids (``scs_1`` ..).
    total_rule : override the instrument's declared total rule (to compare rules).
    prefix : put before every returned column name (``"scs_"``), to join several instruments.

    Returns
    -------
    DataFrame on the same index with: one column per subscale (the mean of its answered items,
    raw or keyed as the instrument declares); ``compassionate`` and ``uncompassionate`` (the
    means of the positive and of the negative subscales) where the instrument has both;
    ``total`` by the rule; ``total_ci_low`` / ``total_ci_high`` (total +/- 1.96 SEM, clipped
    to the range); ``band`` (where the instrument has bands and the rule is a mean);
    ``n_answered``; ``status`` (``complete``, ``partial``, ``unscored``); ``flags`` (empty
    when nothing was wrong, otherwise what was and which items).

    >>> from sclab import load_instrument
    >>> sf = load_instrument("scs-sf")
    >>> answers = pd.DataFrame([{f"scssf_{i}": 3 for i in range(1, 13)}])
    >>> row = sf.score(answers).iloc[0]
    >>> float(row["total"]), row["band"], row["status"]
    (3.0, 'moderate', 'complete')
    """
    rule = total_rule or instrument.total.rule
    columns = resolve_columns(instrument, list(frame.columns), items)
    lo, hi = instrument.response.min, instrument.response.max
    x, non_numeric = _answers(frame, columns)

    absent = np.isnan(x)
    with np.errstate(invalid="ignore"):
        out_of_range = ~absent & ((x < lo) | (x > hi))
        not_whole = ~absent & ~out_of_range & (x != np.floor(x))
    valid = ~absent & ~out_of_range & ~not_whole
    missing = absent & ~non_numeric

    reversed_ = np.array([it.reversed for it in instrument.items])
    raw = np.where(valid, x, 0.0)
    keyed = np.where(valid & reversed_, lo + hi - x, raw)

    sub_ids = [s.id for s in instrument.subscales]
    member = np.array([[it.subscale == s for s in sub_ids] for it in instrument.items], dtype=float)
    counts = valid.astype(float) @ member
    sizes = member.sum(axis=0)
    need = np.ceil(instrument.missing.min_fraction_per_subscale * sizes - 1e-9)
    sub_ok = counts >= need
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_means = np.where(sub_ok, (raw @ member) / counts, np.nan)
        keyed_means = np.where(sub_ok, (keyed @ member) / counts, np.nan)
    shown = raw_means if instrument.subscale_scoring == "raw" else keyed_means

    out: dict[str, object] = {sid: shown[:, j] for j, sid in enumerate(sub_ids)}
    if instrument.has_polarity:
        pos = np.array([s.polarity == "positive" for s in instrument.subscales])
        out["compassionate"] = shown[:, pos].mean(axis=1)
        out["uncompassionate"] = shown[:, ~pos].mean(axis=1)

    total_ok = sub_ok.all(axis=1) if instrument.missing.total_requires_all_subscales else sub_ok.any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule in ("mean_of_subscale_means", "sum_of_subscale_means"):
            total = np.where(sub_ok, keyed_means, 0.0).sum(axis=1) / sub_ok.sum(axis=1)
        else:  # mean of the answered items (after reversal)

            total = keyed.sum(axis=1) / valid.sum(axis=1)
    # sums are prorated: the mean of what was scored times the number of parts
    total = np.where(total_ok, total * instrument.total_scale(rule), np.nan)
    t_lo, t_hi = instrument.total_range(rule)
    half = _Z95 * instrument.sem(rule)
    out["total"] = total
    out["total_ci_low"] = np.clip(total - half, t_lo, t_hi)
    out["total_ci_high"] = np.clip(total + half, t_lo, t_hi)
    out["band"] = _bands(instrument, total, rule)
    out["n_answered"] = valid.sum(axis=1)

    problem = ~valid
    status = np.where(~total_ok, "unscored", np.where(problem.any(axis=1), "partial", "complete"))
    out["status"] = status
    flags = np.full(len(frame), "", dtype=object)
    for i in np.flatnonzero(problem.any(axis=1) | ~total_ok):
        flags[i] = _row_flags(i, frame, columns, x, missing, non_numeric, out_of_range, not_whole,
                              instrument, sub_ok, counts, need, total_ok)
    out["flags"] = flags

    result = pd.DataFrame(out, index=frame.index)
    result["band"] = result["band"].astype("string")
    result["status"] = result["status"].astype("string")
    result["flags"] = result["flags"].astype("string")
    if prefix:
        result = result.add_prefix(prefix)
    return result


def _bands(instrument: Instrument, total: np.ndarray, rule: str) -> np.ndarray:
    band = np.full(total.shape, None, dtype=object)
    if instrument.bands is None or instrument.total_scale(rule) != 1:
        return band
    placed = np.isnan(total)
    for level in instrument.bands.levels:
        inside = ~placed & ((total <= level.upper) if level.upper_inclusive else (total < level.upper))
        band[inside] = level.label
        placed |= inside
    return band


def _fmt(v: float) -> str:
    return f"{v:g}"


def _row_flags(i, frame, columns, x, missing, non_numeric, out_of_range, not_whole,
               instrument, sub_ok, counts, need, total_ok) -> str:
    lo, hi = instrument.response.min, instrument.response.max
    parts = []
    miss = [columns[j] for j in np.flatnonzero(missing[i])]
    if miss:
        parts.append("missing: " + ", ".join(miss))
    bad = [f"{columns[j]}={frame.iloc[i][columns[j]]!r}" for j in np.flatnonzero(non_numeric[i])]
    if bad:
        parts.append("not a number: " + ", ".join(bad))
    oor = [f"{columns[j]}={_fmt(x[i, j])}" for j in np.flatnonzero(out_of_range[i])]
    if oor:
        parts.append(f"out of range {lo}-{hi}: " + ", ".join(oor))
    frac = [f"{columns[j]}={_fmt(x[i, j])}" for j in np.flatnonzero(not_whole[i])]
    if frac:
        parts.append("not a whole number: " + ", ".join(frac))
    for j, s in enumerate(instrument.subscales):
        if not sub_ok[i, j]:
            parts.append(
                f"{s.id} not scored: {int(counts[i, j])} valid answers, needs {math.ceil(need[j])}"
            )
    if not total_ok[i]:
        parts.append("total not scored: " + (
            "needs every subscale" if instrument.missing.total_requires_all_subscales else "no subscale scored"
        ))
    return "; ".join(parts)
