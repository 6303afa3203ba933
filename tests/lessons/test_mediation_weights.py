"""The card's weights beside the published ones: every published figure comes from the card,
and this sample's weights are statsmodels regressions run here."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from sclab.lessons.mediation import estimates, simulated_sample, standardise
from sclab.lessons.mediation_weights import REPORTED, card_and_published, weights_beside_published
from sclab.populations.card import Card, load_card

SOURCE = {"ref": "ea-life-satisfaction", "where": "abstract"}
OTHER = {"ref": "brieflands-support-sc", "where": "another sample"}


def with_reported(card: Card, figures: dict[str, tuple[float, dict]]) -> Card:
    """The card with ``reported`` entries (name -> value, source), as the card file would hold them."""
    reported = [
        {"name": n, "figure": {"value": v, "source": s}, "note": "test"} for n, (v, s) in figures.items()
    ]
    return Card.model_validate({**card.model_dump(by_alias=True), "reported": reported})


@pytest.fixture(scope="module")
def data():
    return simulated_sample(200, seed=1)


@pytest.fixture(scope="module")
def card() -> Card:
    return load_card("emerging-adults")


def test_card_and_published_weights_stand_beside_the_paths_they_built(data, card):
    paths = estimates(data)
    weights, published = card_and_published(paths, card)
    sat = next(p for p in card.paths if p.outcome == "satisfaction").predictors
    by = dict(zip(zip(paths["effect"], paths["mediator"], strict=True), weights, strict=True))
    assert by[("b", "family")] == sat["family"].value and by[("b", "scs_total")] == sat["scs"].value
    assert (
        by[("a", "friends")] == -0.25 and by[("a", "scs_total")] is None
    )  # that card path has more predictors
    assert weights[paths.index[paths["effect"] == "direct"][0]] == sat["distress"].value
    sourced = [fig.value for fig in sat.values() if fig.source is not None]
    assert [p for p in published if p is not None] == sourced == [0.17, 0.32]


def test_this_samples_weights_are_statsmodels_regressions(data, card):
    table = weights_beside_published(data, card).set_index("link")
    z = standardise(data)
    fit = sm.OLS(
        z["satisfaction_total"], sm.add_constant(z[["scs_total", "friends", "family", "distress_total"]])
    ).fit()
    assert table.loc["Life satisfaction <- support from family", "coef"] == pytest.approx(
        fit.params["family"]
    )
    assert table.loc["Life satisfaction <- support from family", "ci_low"] == pytest.approx(
        fit.conf_int().loc["family", 0]
    )
    parts = table.loc[
        ["Self-compassion <- support from friends", "Self-compassion <- support from family"], "coef"
    ]
    one = table.loc["Self-compassion <- social support (one support score)"]
    assert one["coef"] == pytest.approx(parts.sum()) and one["card"] == pytest.approx(0.35)
    assert np.isnan(table.loc["Psychosomatic symptoms <- self-compassion", "coef"])


def test_sourced_path_weights_are_published_with_their_basis(data, card):
    table = weights_beside_published(data, card).set_index("link")
    fam = table.loc["Life satisfaction <- support from family"]
    assert fam["published"] == ".32" and fam["kind"] == "source"
    assert fam["published_basis"] == "source: " + card.cite(
        next(p for p in card.paths if p.outcome == "satisfaction").predictors["family"]
    )
    assert set(table["kind"]) >= {"source", "assumption"}


def test_reported_figures_are_read_from_the_card(data, card):
    names = [n for group in REPORTED.values() for n in group]
    values = dict(zip(names, [(0.17, SOURCE), (0.13, SOURCE), (0.34, OTHER), (-0.52, OTHER)], strict=True))
    table = weights_beside_published(data, with_reported(card, values)).set_index("link")
    sc = table.loc["Life satisfaction <- self-compassion"]
    assert (
        sc["published"]
        == "common humanity .17 and reversed self-judgment .13 (two components; no total given)"
    )
    assert sc["published_basis"].startswith("source: " + card.reference("ea-life-satisfaction").text)
    assert table.loc["Self-compassion <- social support (one support score)", "published"] == ".34"
    somatic = table.loc["Psychosomatic symptoms <- self-compassion"]
    assert somatic["published"] == "-.52" and somatic["published_basis"].endswith("(another sample)")
    # the numbers are the card's, not copies: another card gives other figures
    other = dict(values, **{"psychosomatic symptoms <- self-compassion": (-0.4, OTHER)})
    again = weights_beside_published(data, with_reported(card, other)).set_index("link")
    assert again.loc["Psychosomatic symptoms <- self-compassion", "published"] == "-.40"


def test_a_figure_the_card_does_not_report_is_none_in_reach(data, card):
    bare = card.model_copy(update={"reported": []})
    table = weights_beside_published(data, bare).set_index("link")
    for link in (
        "Self-compassion <- social support (one support score)",
        "Psychosomatic symptoms <- self-compassion",
    ):
        assert table.loc[link, "published"] == "" and table.loc[link, "published_basis"] == "none in reach"
