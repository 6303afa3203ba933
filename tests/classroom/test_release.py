"""The release rule: what a class view may show, and the attacks it has to withstand.

The rule is tested on frames (pure: ``release`` of scores in arrival order) and through the
store's public API, with the attacks of issue 12: differencing n -> n + 1, planting four known
responses and waiting for a fifth, reading again and again, and bins that hold one person.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sclab.classroom.aggregates import MIN_RESPONSES, SD_FROM
from sclab.classroom.release import (
    FINEST_BINS,
    RELEASED_COLUMNS,
    ClassSummary,
    LookupLimiter,
    min_released,
    release,
    score_step,
)
from sclab.classroom.store import ClassStore
from sclab.measure.instrument import load_instrument

INST = load_instrument("sc-practice", wording=False)
TOTAL_STEP = 1 / 24  # sc-practice's total: the mean of six 4-item means moves in 24ths


def _grid(lo: float, hi: float, step: float) -> np.ndarray:
    return np.round(np.arange(lo, hi + step / 2, step), 10)


def _consistent(planted: list[float], shown: float, grid: np.ndarray) -> np.ndarray:
    """The fifth totals on ``grid`` that, with ``planted``, show the same mean (release's arithmetic)."""
    means = [round(float(pd.Series([*planted, x]).mean()), 1) for x in grid]
    return grid[np.array(means) == shown]


def _class(n: int, seed: int, *, with_subscales: bool = True) -> pd.DataFrame:
    """``n`` plausible sc-practice responses: totals on their 1/24 grid, components on quarters."""
    rng = np.random.default_rng(seed)
    subs = rng.integers(4, 21, size=(n, 6)) / 4  # six 4-item means, 1..5 in quarters
    frame = pd.DataFrame({"total": subs.mean(axis=1), "compassionate": subs[:, ::2].mean(axis=1)})
    if with_subscales:
        frame["self_kindness"] = subs[:, 0]
    return frame


def _same(a: ClassSummary, b: ClassSummary) -> bool:
    """Everything a reader can use is the same (the arrival count and next step aside)."""
    return (
        a.stats.equals(b.stats) and a.bins == b.bins and a.n == b.n and dict(a.withheld) == dict(b.withheld)
    )


def _opened(store: ClassStore, code: str) -> None:
    store.open_class(code=code, cap=None, minutes=90)  # a class takes responses once opened


def _send(store: ClassStore, code: str, total: float) -> None:
    store.submit(code, "sc-practice", {"total": total, "compassionate": total, "self_kindness": total})


# --- the rule --------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", range(MIN_RESPONSES))
def test_below_five_nothing_shows_not_even_a_count(n):
    s = release("PSY101", "sc-practice", _class(n, seed=n), refused=3)
    assert s.suppressed and s.n == 0 and s.stats.empty and s.bins == ()
    assert s.received is None and s.next_update is None and s.refused is None
    assert s.message == release("PSY101", "sc-practice", _class(0, seed=0)).message  # 0 and 4 look alike
    assert not any(ch.isdigit() for ch in s.message.replace(str(MIN_RESPONSES), ""))
    assert "fewer than five" in s.message.lower()


@pytest.mark.parametrize("received", range(5, 31))
def test_the_view_is_the_first_multiple_of_five_and_says_when_it_moves(received):
    frame = _class(received, seed=received)
    s = release("PSY101", "sc-practice", frame, refused=2)
    step = MIN_RESPONSES * (received // MIN_RESPONSES)
    assert s.n == step and s.received == received and s.next_update == step + MIN_RESPONSES
    assert s.message == f"{received} received, next update at {step + MIN_RESPONSES}."
    assert _same(s, release("PSY101", "sc-practice", frame.iloc[:step]))
    assert s.refused == 2


def test_means_are_one_decimal_of_the_released_prefix_and_there_is_no_min_or_max():
    frame = _class(23, seed=3)
    s = release("PSY101", "sc-practice", frame).stats.set_index("score")
    assert tuple(["score", *s.columns]) == RELEASED_COLUMNS
    for col in ("total", "compassionate", "self_kindness"):
        assert s.loc[col, "mean"] == round(frame[col].iloc[:20].mean(), 1)
        assert s.loc[col, "n"] == 20
        assert s.loc[col, "sd"] == round(frame[col].iloc[:20].std(), 1)  # 20 released: the SD shows
    assert not {"min", "max"} & set(s.columns)


def test_no_sd_below_twenty_released():
    s = release("PSY101", "sc-practice", _class(SD_FROM - 1, seed=5)).stats
    assert s["n"].max() == 15 and s["sd"].isna().all()


def test_scores_with_few_values_wait_until_the_rounding_hides_five_possibilities():
    assert score_step(INST, "total") == pytest.approx(TOTAL_STEP)
    assert score_step(INST, "compassionate") == pytest.approx(1 / 12)
    assert score_step(INST, "self_kindness") == 0.25
    assert score_step(load_instrument("scs-sf", wording=False), "self_kindness") == 0.5
    assert score_step(None, "total") == 1.0  # no instrument: whole numbers, the cautious case
    assert [min_released(x) for x in (TOTAL_STEP, 0.25, 0.5, 1.0)] == [5, 15, 25, 50]
    for received, shown in (
        (14, {"total", "compassionate"}),
        (15, {"total", "compassionate", "self_kindness"}),
    ):
        s = release("PSY101", "sc-practice", _class(received, seed=1))
        assert set(s.stats["score"]) == shown
        assert dict(s.withheld) == ({} if received >= 15 else {"self_kindness": 15})


def test_each_score_moves_in_its_own_steps_of_five():
    """A score that only some responses carry is released from its own first 5, 10, ... values."""
    frame = _class(10, seed=7, with_subscales=False)
    frame.loc[5:, "compassionate"] = np.nan
    frame.loc[9, "compassionate"] = 4.5  # one more compassionate value among the second five
    s = release("PSY101", "sc-practice", frame).stats.set_index("score")
    assert s.loc["total", "n"] == 10 and s.loc["compassionate", "n"] == 5
    assert s.loc["compassionate", "mean"] == round(frame["compassionate"].iloc[:5].mean(), 1)


@pytest.mark.parametrize("seed", range(40))
def test_no_bin_holds_one_to_four_students_and_bins_cover_the_range(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    spread = [0.2, 0.5, 1.2][seed % 3]
    totals = np.clip(np.round(rng.normal(3, spread, n) * 24) / 24, 1, 5)
    s = release("PSY101", "sc-practice", pd.DataFrame({"total": totals}))
    counts = [b.count for b in s.bins]
    assert all(c == 0 or c >= MIN_RESPONSES for c in counts)
    if s.bins:
        assert sum(counts) == s.n and s.bins[0].low == 1.0 and s.bins[-1].high == 5.0
        assert len(s.bins) in (FINEST_BINS, FINEST_BINS // 2, FINEST_BINS // 4)
        edges = [b.low for b in s.bins]  # fixed edges, never placed by the data
        assert np.allclose(np.diff([*edges, 5.0]), 4 / len(s.bins))


def test_five_alike_fill_one_bin_and_a_lone_outlier_stops_the_histogram():
    five = release("PSY101", "sc-practice", pd.DataFrame({"total": [3.1, 3.2, 3.2, 3.3, 3.4]}))
    assert [b.count for b in five.bins] == [0, 0, 0, 0, 5, 0, 0, 0]
    split = release("PSY101", "sc-practice", pd.DataFrame({"total": [1.0, 3.2, 3.2, 3.3, 3.4]}))
    assert split.bins == ()  # one at 1.0 alone at every width: no distribution at all


def test_refused_is_a_count_shown_only_with_results():
    with pytest.raises(ValueError, match="refused must be a count"):
        release("PSY101", "sc-practice", _class(5, seed=1), refused=-1)
    assert release("PSY101", "sc-practice", _class(5, seed=1)).refused == 0


# --- the attacks, against the public API (the store) -------------------------------------------------
@pytest.fixture
def store(tmp_path):
    return ClassStore(f"sqlite:///{tmp_path / 'class.sqlite3'}")


def test_attack_a_one_more_response_changes_nothing(store):
    """Read at n = 6 (5 released), send one, read again: not one shown figure changes."""
    _opened(store, "PSY101")
    for t in [2.25, 3.0, 3.5, 4.0, 4.5, 1.75]:
        _send(store, "PSY101", t)
    before = store.summary("PSY101", instrument="sc-practice")
    _send(store, "PSY101", 4.875)
    after = store.summary("PSY101", instrument="sc-practice")
    assert (before.received, after.received) == (6, 7)
    assert _same(before, after) and before.n == after.n == 5
    old, new = (s.stats.set_index("score").loc["total", "mean"] for s in (before, after))
    assert 7 * new - 6 * old != pytest.approx(4.875, abs=0.5)  # the formula recovers nothing


def test_attack_b_planting_four_leaves_the_fifth_as_uncertain_as_the_rounding(store):
    """Four planted totals are known; the fifth's consistent values span the rounding's whole width."""
    planted = [3.0, 3.0, 3.0, 3.0]
    _opened(store, "PSY101")
    for t in planted:
        _send(store, "PSY101", t)
    assert store.summary("PSY101", instrument="sc-practice").suppressed
    grid = _grid(1, 5, TOTAL_STEP)
    true = float(grid[55])  # 3 + 7/24
    _send(store, "PSY101", true)
    shown = store.summary("PSY101", instrument="sc-practice").stats.set_index("score").loc["total", "mean"]
    recovered = 5 * shown - sum(planted)
    assert recovered != pytest.approx(true, abs=1e-6)
    consistent = _consistent(planted, shown, grid)
    assert np.isclose(consistent, true).any() and len(consistent) >= 5
    assert consistent.max() - consistent.min() >= 0.25


def test_planting_four_anywhere_inside_the_scale_leaves_at_least_a_quarter_point():
    """The exact bound: the one-decimal mean of 5 leaves the fifth in a stretch 5 x 0.1 = 0.5 wide,
    so the best guess can be off by 5 x 0.05 = 0.25. For every true total half a point or more from
    the scale's ends, and several planted sets, the consistent values span >= 0.25 (>= 5 values)."""
    grid = _grid(1, 5, TOTAL_STEP)
    worst = 0.0
    for planted in ([3.0] * 4, [1.0, 2.0, 4.0, 5.0], [4.5, 4.75, 4.25, 4.5], [1.25, 1.5, 2.0, 1.0]):
        means = np.array([round(float(pd.Series([*planted, x]).mean()), 1) for x in grid])
        for true in grid[(grid >= 1.5) & (grid <= 4.5)]:
            frame = pd.DataFrame({"total": [*planted, true]})
            shown = release("X01", "sc-practice", frame).stats.set_index("score").loc["total", "mean"]
            consistent = grid[means == shown]
            assert np.isclose(consistent, true).any() and len(consistent) >= 5
            assert consistent.max() - consistent.min() >= 0.25
            worst = max(worst, abs(5 * shown - sum(planted) - true))
    assert 0.2 < worst <= 0.25 + 1e-9  # the naive recovery is off by up to the bound, never more


def test_attack_c_repeated_reads_are_identical(store):
    _opened(store, "PSY101")
    for t in _class(12, seed=9)["total"]:
        _send(store, "PSY101", float(t))
    reads = [store.summary("PSY101", instrument="sc-practice") for _ in range(5)]
    assert all(_same(reads[0], r) and r.message == reads[0].message for r in reads)


def test_attack_d_the_store_never_releases_a_bin_of_one_to_four(store):
    _opened(store, "PSY101")
    for i, t in enumerate([1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 3.0, 3.25, 2.75, 3.1, 2.9, 3.0]):
        _send(store, "PSY101", t)
        s = store.summary("PSY101", instrument="sc-practice")
        assert all(b.count == 0 or b.count >= MIN_RESPONSES for b in s.bins), (i, s.bins)


# --- lookups ------------------------------------------------------------------------------------------
def test_lookups_pause_after_three_failures_and_resume_after_the_wait():
    now = [100.0]
    lim = LookupLimiter(clock=lambda: now[0])
    lim.failed()
    lim.failed()
    assert lim.blocked_for() == 0
    lim.failed()
    assert lim.blocked_for() == 60.0
    now[0] += 59.5
    assert lim.blocked_for() == pytest.approx(0.5)
    now[0] += 1
    assert lim.blocked_for() == 0
    lim.failed()  # the next failure pauses again at once
    assert lim.blocked_for() == 60.0
    now[0] += 61
    lim.succeeded()
    lim.failed()
    assert lim.blocked_for() == 0 and math.isclose(lim.wait, 60.0)
