"""Vectorised scoring: one code path for one student, a class export and a simulated million.

The raw answers are only read, never changed. Answers that are missing, not numbers, not whole
numbers or outside the response range count as unanswered and are flagged on their row; the row
is kept and scored as far as the instrument's missing-answer rule allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sclab.measure.item_columns import resolve_columns

if TYPE_CHECKING:
    from sclab.measure.instrument import Instrument, TotalRule

__all__ = ["STATUS", "keyed_answers", "score", "score_columns"]

#: ``status`` values: every answer valid; total scored but something flagged; total not scored.
STATUS = ("complete", "partial", "unscored")

_Z95 = 1.959963984540054


def score_columns(instrument: Instrument) -> list[str]:
    """The columns :func:`score` returns for an instrument (before any prefix)."""
    cols = [s.id for s in instrument.subscales]
    if instrument.has_polarity:
        cols += ["compassionate", "uncompassionate"]
    return [*cols, "total", "total_ci_low", "total_ci_high", "band", "n_answered", "status", "flags"]


def _answers(data: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Item answers as floats (NaN when absent or unreadable) and a mask of non-numeric entries."""
    n, k = len(data), len(columns)
    sub = data[columns]
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in sub.dtypes):
        return sub.to_numpy(dtype=float, na_value=np.nan), np.zeros((n, k), dtype=bool)
    values = np.empty((n, k), dtype=float)
    non_numeric = np.zeros((n, k), dtype=bool)
    for j in range(k):
        s = sub.iloc[:, j]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            values[:, j] = s.to_numpy(dtype=float, na_value=np.nan)
            continue
        text = s.astype("string").str.strip()
        blank = text.isna() | (text == "")
        num = pd.to_numeric(text.mask(blank), errors="coerce")
        values[:, j] = num.to_numpy(dtype=float, na_value=np.nan)
        non_numeric[:, j] = (~blank & num.isna()).to_numpy()
    return values, non_numeric


def keyed_answers(
    instrument: Instrument, data: pd.DataFrame, *, items: str | Mapping[int, str] | None = None
) -> pd.DataFrame:
    """Valid answers with reverse-keyed items reversed (min + max - x); invalid answers are NaN.

    Columns are the instrument's item ids (``scs_1`` ..), so reliability can be computed on them.

    >>> from sclab import load_instrument
    >>> sf = load_instrument("scs-sf")
    >>> keyed = sf.keyed(pd.DataFrame([{f"scssf_{i}": 1 for i in range(1, 13)}]))
    >>> keyed[["scssf_1", "scssf_2"]].iloc[0].tolist()   # item 1 is reversed, item 2 is not
    [5.0, 1.0]
    """
    columns = resolve_columns(instrument, list(data.columns), items)
    lo, hi = instrument.response.min, instrument.response.max
    x, _ = _answers(data, columns)
    reversed_ = np.array([it.reversed for it in instrument.items])
    keyed = np.where(reversed_, lo + hi - x, x)  # a new array: the answers are never written to
    with np.errstate(invalid="ignore"):
        keyed[~((x >= lo) & (x <= hi) & (x == np.floor(x)))] = np.nan
    return pd.DataFrame(keyed, index=data.index, columns=instrument.item_ids)


def score(
    instrument: Instrument,
    data: pd.DataFrame,
    *,
    items: str | Mapping[int, str] | None = None,
    total_rule: TotalRule | None = None,
    prefix: str = "",
) -> pd.DataFrame:
    """Score a table of answers, one respondent per row.

    Parameters
    ----------
    instrument : the :class:`~sclab.measure.instrument.Instrument`.
    data : raw answers; read only. Other columns are ignored.
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
    answers = _read(instrument, data, resolve_columns(instrument, list(data.columns), items))
    subs = _subscales(instrument, answers)
    total, total_ok = _total(instrument, subs, rule)
    names, numeric = _shown_subscales(instrument, subs)
    t_lo, t_hi = instrument.total_range(rule)
    half = _Z95 * instrument.sem(rule)
    numeric += [total, np.clip(total - half, t_lo, t_hi), np.clip(total + half, t_lo, t_hi)]
    names += ["total", "total_ci_low", "total_ci_high"]
    result = pd.DataFrame(np.column_stack(numeric), index=data.index, columns=names, copy=False)
    result["band"] = _bands(instrument, total, rule)
    result["n_answered"] = subs.counts.sum(axis=1).astype(np.int64)
    codes = np.where(~total_ok, 2, answers.row_problem.astype(np.int8)).astype(np.int8)
    result["status"] = pd.Categorical.from_codes(codes, categories=list(STATUS))
    result["flags"] = _flags(instrument, answers, subs, total_ok)
    return result.add_prefix(prefix) if prefix else result


@dataclass(frozen=True)
class _Answers:
    """The item answers of a table as :func:`score` reads them."""

    data: pd.DataFrame  # the table as given (read only)
    columns: list[str]  # the column of each item, in item order
    x: np.ndarray  # answers as floats, NaN when absent or unreadable
    non_numeric: np.ndarray  # entries that are text but not a number
    valid: np.ndarray  # whole numbers within the response range
    row_problem: np.ndarray  # rows with any answer not valid


@dataclass(frozen=True)
class _Subscales:
    """Per respondent and subscale: valid answers, whether scored, keyed sums and means, means shown."""

    counts: np.ndarray
    need: np.ndarray  # valid answers a subscale needs to be scored
    ok: np.ndarray
    keyed_means: np.ndarray
    keyed_sums: np.ndarray
    shown: np.ndarray  # raw or keyed means, as the instrument declares


def _read(instrument: Instrument, data: pd.DataFrame, columns: list[str]) -> _Answers:
    lo, hi = instrument.response.min, instrument.response.max
    x, non_numeric = _answers(data, columns)
    with np.errstate(invalid="ignore"):  # NaN compares False, so it is never valid
        valid = (x >= lo) & (x <= hi) & (x == np.floor(x))
    return _Answers(data, columns, x, non_numeric, valid, ~valid.all(axis=1))


def _subscales(instrument: Instrument, answers: _Answers) -> _Subscales:
    """Subscale sums by matrix products; keyed sums without a keyed copy of the answers:
    a reversed item adds (lo + hi) - x, so keyed = raw * sign + valid * offset."""
    lo, hi = instrument.response.min, instrument.response.max
    x, valid = answers.x, answers.valid
    raw = x if not answers.row_problem.any() else np.where(valid, x, 0.0)
    sub_ids = [s.id for s in instrument.subscales]
    member = np.array([[it.subscale == s for s in sub_ids] for it in instrument.items], dtype=float)
    sign = np.array([-1.0 if it.reversed else 1.0 for it in instrument.items])[:, None]
    offset = np.array([float(lo + hi) if it.reversed else 0.0 for it in instrument.items])[:, None]
    k = len(sub_ids)
    sums = raw @ np.hstack([member, sign * member])
    counts_offsets = valid.astype(float) @ np.hstack([member, offset * member])
    counts = counts_offsets[:, :k]
    raw_sums, keyed_sums = sums[:, :k], sums[:, k:] + counts_offsets[:, k:]
    need = np.ceil(instrument.missing.min_fraction_per_subscale * member.sum(axis=0) - 1e-9)
    ok = counts >= need
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_means = raw_sums / counts
        keyed_means = keyed_sums / counts
    if not ok.all():
        raw_means[~ok] = np.nan
        keyed_means[~ok] = np.nan
    shown = raw_means if instrument.subscale_scoring == "raw" else keyed_means
    return _Subscales(counts, need, ok, keyed_means, keyed_sums, shown)


def _shown_subscales(instrument: Instrument, subs: _Subscales) -> tuple[list[str], list[np.ndarray]]:
    """The subscale columns, then the compassionate and uncompassionate halves where there are both."""
    names = [s.id for s in instrument.subscales]
    numeric = [subs.shown]
    if instrument.has_polarity:
        pos = np.array([s.polarity == "positive" for s in instrument.subscales])
        numeric += [subs.shown[:, pos].mean(axis=1), subs.shown[:, ~pos].mean(axis=1)]
        names += ["compassionate", "uncompassionate"]
    return names, numeric


def _total(instrument: Instrument, subs: _Subscales, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """The total by ``rule`` (NaN where the missing-answer rule does not allow one) and where it is scored."""
    ok = subs.ok
    total_ok = ok.all(axis=1) if instrument.missing.total_requires_all_subscales else ok.any(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule in ("mean_of_subscale_means", "sum_of_subscale_means"):
            total = np.where(ok, subs.keyed_means, 0.0).sum(axis=1) / ok.sum(axis=1)
        else:  # mean of the answered items (after reversal)
            total = subs.keyed_sums.sum(axis=1) / subs.counts.sum(axis=1)
    # sums are prorated: the mean of what was scored times the number of parts
    total = total * instrument.total_scale(rule)
    total[~total_ok] = np.nan
    return total, total_ok


def _bands(instrument: Instrument, total: np.ndarray, rule: str) -> pd.Categorical:
    """The band of each total, as an ordered categorical (missing where there is no band)."""
    if instrument.bands is None or instrument.total_scale(rule) != 1:
        return pd.Categorical.from_codes(np.full(total.shape, -1), categories=[], ordered=True)
    levels = instrument.bands.levels
    codes = np.full(total.shape, -1, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for j in range(len(levels) - 1, -1, -1):  # from the top: lower bands overwrite
            lvl = levels[j]
            codes[(total <= lvl.upper) if lvl.upper_inclusive else (total < lvl.upper)] = j
    codes[np.isnan(total)] = -1
    return pd.Categorical.from_codes(codes, categories=[b.label for b in levels], ordered=True)


def _flags(instrument: Instrument, answers: _Answers, subs: _Subscales, total_ok: np.ndarray):
    """Explain what was wrong on each flagged row; rows without a problem get ``''``."""
    codes = np.zeros(len(answers.x), dtype=np.int32)
    messages: dict[str, int] = {"": 0}
    for i in np.flatnonzero(answers.row_problem | ~total_ok):
        text = _row_flags(i, instrument, answers, subs, total_ok)
        codes[i] = messages.setdefault(text, len(messages))
    return pd.Categorical.from_codes(codes, categories=list(messages))


def _fmt(v: float) -> str:
    return f"{v:g}"


def _row_flags(i: int, instrument: Instrument, answers: _Answers, subs: _Subscales, total_ok) -> str:
    lo, hi = instrument.response.min, instrument.response.max
    frame, columns, valid, non_numeric = answers.data, answers.columns, answers.valid, answers.non_numeric
    sub_ok, counts, need = subs.ok, subs.counts, subs.need
    row = answers.x[i]
    absent = np.isnan(row)
    with np.errstate(invalid="ignore"):
        out_of_range = ~absent & ((row < lo) | (row > hi))
    not_whole = ~valid[i] & ~absent & ~out_of_range
    missing = absent & ~non_numeric[i]
    parts = []
    miss = [columns[j] for j in np.flatnonzero(missing)]
    if miss:
        parts.append("missing: " + ", ".join(miss))
    bad = [f"{columns[j]}={frame[columns[j]].iloc[i]!r}" for j in np.flatnonzero(non_numeric[i])]
    if bad:
        parts.append("not a number: " + ", ".join(bad))
    oor = [f"{columns[j]}={_fmt(row[j])}" for j in np.flatnonzero(out_of_range)]
    if oor:
        parts.append(f"out of range {lo}-{hi}: " + ", ".join(oor))
    frac = [f"{columns[j]}={_fmt(row[j])}" for j in np.flatnonzero(not_whole)]
    if frac:
        parts.append("not a whole number: " + ", ".join(frac))
    for j, s in enumerate(instrument.subscales):
        if not sub_ok[i, j]:
            got = int(counts[i, j])
            answers = f"{got} valid answer" + ("" if got == 1 else "s")
            parts.append(f"{s.id} not scored: {answers}, needs {math.ceil(need[j])}")
    if not total_ok[i]:
        parts.append(
            "total not scored: "
            + (
                "needs every subscale"
                if instrument.missing.total_requires_all_subscales
                else "no subscale scored"
            )
        )
    return "; ".join(parts)
