"""Fixtures the tests of sclab.stats share: the two shipped samples they analyse, and ``scalar``."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab import load_sample


@pytest.fixture(scope="session")
def adults() -> pd.DataFrame:
    return load_sample("emerging-adults")


@pytest.fixture(scope="session")
def trial() -> pd.DataFrame:
    return load_sample("sc-intervention-trial")


@pytest.fixture(scope="session")
def scalar():
    """``scalar(frame, column)``: the one value of a one-row result frame, as a float."""

    def value(frame: pd.DataFrame, column: str) -> float:
        assert len(frame) == 1
        return float(frame[column].iloc[0])

    return value
