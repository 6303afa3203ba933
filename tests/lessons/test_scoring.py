"""The scoring model: item-total correlations and alpha under each key against pandas and pingouin
run here, the short set's r against numpy, and the retakes against the SEM formula."""

from __future__ import annotations

import numpy as np
import pingouin
import pytest

from sclab.lessons.scoring import DRAWS, display_order, keying, retakes, scoring_sample, scs, short_form
from sclab.measure.psychometrics import balanced_subset


@pytest.fixture(scope="module")
def sample():
    return scoring_sample(400, seed=3)


def keyed(sample, reverse):
    items = sample.comparison.data[scs().item_ids].astype(float)
    for c in reverse:
        items[c] = 6 - items[c]
    return items


def corrected_r(items, column) -> float:
    return float(items[column].corr(items.drop(columns=column).sum(axis=1)))


def test_the_sample_is_cached_per_size_and_seed(sample):
    assert scoring_sample(400, seed=3) is sample
    assert sample.n == 400 and sample.seed == 3 and len(sample.errors) == DRAWS
    assert scoring_sample(400, seed=4) is not sample


@pytest.mark.parametrize("key", ["correct", "none", "first_negative_only"])
def test_item_total_r_and_alpha_are_pandas_and_pingouin(sample, key):
    k = keying(sample, key)
    items = keyed(sample, k.reversed_ids)
    for column in (k.item_ids[0], k.item_ids[7], k.item_ids[-1]):
        assert k.r[k.item_ids.index(column)] == pytest.approx(corrected_r(items, column), abs=1e-10)
    alpha, _ = pingouin.cronbach_alpha(data=items)
    assert k.summary.loc[key, "alpha"] == pytest.approx(alpha, rel=1e-10)


def test_the_keys_reverse_what_they_say(sample):
    assert len(keying(sample, "correct").reversed_ids) == 13
    assert len(keying(sample, "none").reversed_ids) == 0
    assert len(keying(sample, "first_negative_only").reversed_ids) == 5
    order = display_order(scs())
    assert [it.subscale for it in order][:5] == [order[0].subscale] * 5  # grouped by component
    with pytest.raises(ValueError, match="key must be one of"):
        keying(sample, "everything")


def test_a_wrong_key_turns_the_raw_items_negative(sample):
    k = keying(sample, "first_negative_only")
    negative = {it.subscale for it in scs().items} - {"self_kindness", "common_humanity", "mindfulness"}
    raw = [
        r
        for r, it, c in zip(k.r, display_order(scs()), k.item_ids, strict=True)
        if it.subscale in negative and c not in k.reversed_ids
    ]
    assert len(raw) == 8 and max(raw) < 0


def test_the_short_set_correlates_with_the_total_as_numpy_says(sample):
    for k in (4, 12, 26):
        short = short_form(sample, k)
        cols = balanced_subset(scs(), k)
        mean = keyed(sample, keying(sample, "correct").reversed_ids)[cols].mean(axis=1).to_numpy()
        np.testing.assert_allclose(short.total, mean, rtol=1e-12)
        r = np.corrcoef(short.total, sample.long_total)[0, 1]
        assert short.summary["r"] == pytest.approx(r, rel=1e-10) and len(short.numbers) == k
    assert short_form(sample, 4).summary["r"] < short_form(sample, 26).summary["r"]


def test_retakes_spread_by_the_sem_and_fill_the_band(sample):
    t = retakes(sample, true_score=3.0, sd=0.61, alpha=0.87)
    sem = 0.61 * np.sqrt(1 - 0.87)
    assert t.sem == pytest.approx(sem) and (t.low, t.high) == pytest.approx(
        (3 - 1.96 * sem, 3 + 1.96 * sem), abs=1e-3
    )
    assert sum(t.share) == pytest.approx(100) and len(t.centres) == 80
    assert t.inside == pytest.approx(95, abs=2) and t.clipped == 0
    draws = 3.0 + sem * sample.errors
    assert t.inside == pytest.approx(100 * np.mean((draws >= t.low) & (draws <= t.high)))


def test_retakes_near_the_end_of_the_scale_are_kept_on_it(sample):
    t = retakes(sample, true_score=4.95, sd=1.0, alpha=0.5)
    assert t.clipped > 0 and max(t.centres) < 5


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [({"n": 5}, "n must be a whole number of simulated students"), ({"seed": -1}, "seed must")],
)
def test_bad_samples_are_refused(kwargs, rule):
    with pytest.raises(ValueError, match=rule):
        scoring_sample(**{"n": 300, "seed": 1, **kwargs})
