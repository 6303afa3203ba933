"""Shared pieces of :mod:`sclab.stats`: the column names (defined once) and input checks.

Every analysis helper names its output columns with these constants, so ``ci_low`` means the lower
end of a confidence interval in every frame the course shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__: list[str] = []  # private module: sclab.stats re-exports the names meant for users

# --- column names ----------------------------------------------------------------------------
R = "r"
CI_LOW = "ci_low"
CI_HIGH = "ci_high"
P_VAL = "p_val"
N = "n"
N1 = "n1"
N2 = "n2"
GROUP = "group"
GROUP1 = "group1"
GROUP2 = "group2"
Z = "z"
DIFF = "diff"
TERM = "term"
COEF = "coef"
SE = "se"
T = "t"
R2 = "r2"  # share of variance explained (never "the second r": comparisons use group1/group2)
ADJ_R2 = "adj_r2"
F = "f"
DF_MODEL = "df_model"
DF_RESID = "df_resid"
PATH = "path"
EFFECT = "effect"  # which effect a mediation row is (a, b, total, direct, indirect); sizes are EFFECT_SIZE
MEDIATOR = "mediator"
D = "d"
G = "g"
EFFECT_SIZE = "effect_size"
N_PER_ARM = "n_per_arm"
POWER = "power"
N_SIGNIFICANT = "n_significant"
N_SIMS = "n_sims"
N_SIMS_PLANNED = "n_sims_planned"
ALPHA_LEVEL = "alpha_level"  # the significance level a test used (0.05), never a reliability
CRONBACH_ALPHA = "alpha"  # Cronbach's alpha, a reliability (pingouin's name)
K = "k"  # number of items

#: The 95% confidence level used for every interval unless a function says otherwise.
LEVEL = 0.95


# --- checks ----------------------------------------------------------------------------------
def _complete(data: pd.DataFrame, columns: Sequence[str], *, what: str, min_rows: int) -> pd.DataFrame:
    """The named numeric columns of ``data`` as floats, rows with any missing value left out.

    Raises ``ValueError`` naming the column and the rule: unknown or repeated column, non-numeric
    column, fewer than ``min_rows`` complete rows, or a column that does not vary.
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    columns = list(columns)
    for c in columns:
        if c not in data.columns:
            shown = ", ".join(map(str, data.columns[:15])) + (" ..." if data.shape[1] > 15 else "")
            raise ValueError(f"unknown column {c!r}: {what} needs columns of data, which has: {shown}")
    seen: set[str] = set()
    for c in columns:
        if c in seen:
            raise ValueError(f"column {c!r} is given twice; {what} needs different columns")
        seen.add(c)
    for c in columns:
        if not pd.api.types.is_numeric_dtype(data[c]):
            raise ValueError(
                f"column {c!r} holds {data[c].dtype} values; {what} needs numbers (groups go in by=)"
            )
    frame = data[columns].dropna().astype(float)
    if len(frame) < min_rows:
        raise ValueError(
            f"{what} needs at least {min_rows} complete rows (a value in each of {', '.join(columns)}); "
            f"got {len(frame)}"
        )
    for c in columns:
        if frame[c].nunique() < 2:
            raise ValueError(
                f"column {c!r} has the same value in every complete row; {what} needs it to vary"
            )
    return frame


def _column(data: pd.DataFrame, column: str, *, what: str) -> pd.Series:
    """One column of ``data`` (any type), or the ValueError of :func:`_complete` for an unknown one."""
    if not isinstance(data, pd.DataFrame) or column not in data.columns:
        _complete(data, [column], what=what, min_rows=0)  # raises, naming the column
    return data[column]


def _names(value, what: str) -> list[str]:
    """One column name or several, as a list; ``what`` names the argument in the error."""
    names = [value] if isinstance(value, str) else list(value)
    if not names:
        raise ValueError(f"{what} must name at least one column")
    return names


def _two_levels(present: list, levels: tuple | None, *, where: str, of: str = "") -> tuple:
    """The two groups to compare: ``levels`` checked against the groups ``present``.

    ``levels`` may be left out when exactly two groups are present. ``where`` starts the message
    for a wrong number of groups (``"column 'arm' has"``); ``of`` names the column after "groups".
    """
    if levels is None:
        if len(present) != 2:
            raise ValueError(
                f"{where} {len(present)} groups ({present}); name two with levels=(first, second)"
            )
        levels = tuple(present)
    if len(levels) != 2 or levels[0] == levels[1] or any(lv not in present for lv in levels):
        raise ValueError(f"levels must name two different groups{of} among {present}; got {levels!r}")
    return tuple(levels)


def _report(progress, fraction: float) -> None:
    if progress is not None:
        progress(float(fraction))
