"""Fixtures the tests of sclab.stats share: the two shipped samples they analyse, and ``scalar``."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab import load_card, load_sample


def _short_names(name: str) -> pd.DataFrame:
    """A shipped sample with its card-defined scales named by the variable alone (``distress_total``
    -> ``distress``), so the statistics tests read like the formulas they check; instrument totals
    (``scs_total``) keep their names."""
    scales = [v.id for v in load_card(name).variables if v.kind == "scale"]
    return load_sample(name).rename(columns={f"{v}_total": v for v in scales})


@pytest.fixture(scope="session")
def adults() -> pd.DataFrame:
    return _short_names("emerging-adults")


@pytest.fixture(scope="session")
def trial() -> pd.DataFrame:
    return _short_names("sc-intervention-trial")


@pytest.fixture(scope="session")
def scalar():
    """``scalar(frame, column)``: the one value of a one-row result frame, as a float."""

    def value(frame: pd.DataFrame, column: str) -> float:
        assert len(frame) == 1
        return float(frame[column].iloc[0])

    return value
