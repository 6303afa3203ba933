"""What a card says about its variables: links by Spearman's formula, ranges, labels and columns."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sclab.lessons import card_variables as cards
from sclab.lessons.correlation import OUTCOMES
from sclab.measure.instrument import load_instrument
from sclab.populations.card import load_card
from sclab.populations.simulate import simulate

CARD = "spain-compassion-distress"


def test_the_link_follows_spearmans_formula_with_the_cards_alphas():
    card = load_card(CARD)
    ax = card.variable("scs").alpha.value
    for outcome in OUTCOMES:
        link = cards.card_link(CARD, "scs", outcome)
        entry = next(c for c in card.correlations if set(c.between) == {"scs", outcome})
        ay = card.variable(outcome).alpha.value
        assert (link.alpha_x, link.alpha_y, link.card_r, link.metric) == (ax, ay, entry.r.value, entry.metric)
        if entry.metric == "latent":
            assert link.spearman_observed == pytest.approx(entry.r.value * math.sqrt(ax * ay))
            assert link.spearman_latent == entry.r.value
        else:
            assert link.spearman_latent == pytest.approx(entry.r.value / math.sqrt(ax * ay))
            assert link.spearman_observed == entry.r.value
        assert abs(link.population_r) <= abs(link.spearman_observed) + 0.01
    assert cards.card_link(CARD, "scs", "depression").basis.startswith("MacBeth & Gumley 2012, pooled r")
    with pytest.raises(ValueError, match="card 'spain-compassion-distress' has no variable 'mood'"):
        cards.card_link(CARD, "scs", "mood")


def test_the_population_value_is_what_a_very_large_sample_shows():
    big = simulate(CARD, n=100_000, seed=123)
    for outcome in ("depression", "wellbeing"):
        pop = cards.card_link(CARD, "scs", outcome).population_r
        assert np.corrcoef(big["scs_total"], big[f"{outcome}_total"])[0, 1] == pytest.approx(pop, abs=0.01)


def test_ranges_labels_and_axis_titles_come_from_the_card_and_the_instrument():
    assert cards.score_range(CARD, "scs") == load_instrument("scs").total_range() == (1, 5)
    assert cards.score_range(CARD, "depression") == (0, 21)
    assert cards.score_range(CARD, "wellbeing") == (7, 35)
    labels = [cards.short_label(CARD, o) for o in OUTCOMES]
    assert labels == ["Depression", "Anxiety", "Stress", "Well-being"]
    assert cards.axis_title(CARD, "scs") == "Self-compassion (SCS-26 total, 1-5)"
    assert cards.axis_title(CARD, "stress") == "Stress (DASS-21-style, simulated, 0-21)"


def test_a_scored_scale_is_read_from_its_total_column():
    assert cards.outcome_column(CARD, "depression") == "depression_total"
    assert cards.outcome_column("emerging-adults", "friends") == "friends"
    sample = cards.simulated_sample(CARD, 30, seed=2)
    assert sample["depression_total"].tolist() == simulate(CARD, n=30, seed=2)["depression_total"].tolist()
