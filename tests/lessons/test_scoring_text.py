"""The scoring explorer's words and rows, built from the model's numbers."""

from __future__ import annotations

import pytest

from sclab.lessons import scoring_text as words
from sclab.lessons.scoring import display_order, keying, retakes, scoring_sample, scs, short_form


@pytest.fixture(scope="module")
def sample():
    return scoring_sample(300, seed=2)


def sides():
    polarity = {s.id: s.polarity for s in scs().subscales}
    order = display_order(scs())
    return order, [
        "compassionate" if polarity[it.subscale] == "positive" else "uncompassionate" for it in order
    ]


def test_each_key_has_a_label_a_tooltip_and_an_explanation():
    assert list(words.KEY_LABELS) == list(words.KEY_TEXT_TEMPLATE)
    assert len(words.key_tooltips(scs())) == len(words.KEY_LABELS)


def test_the_keying_texts_take_their_counts_and_names_from_the_instrument():
    inst = scs()
    assert words.key_tooltips(inst)[0] == "the published key: turn the 13 uncompassionate items around"
    assert words.key_tooltips(inst)[2] == "a mistaken key: reverse only the 5 self-judgment items"
    correct = words.key_text(inst, "correct")
    assert "The 13 uncompassionate items (self-judgment, isolation, over-identification)" in correct
    assert "(6 minus the answer)" in correct and "mean of the six component means" in correct
    assert "all 26 raw answers" in words.key_text(inst, "none")
    assert "the 8 isolation and over-identification items are left raw" in words.key_text(
        inst, "first_negative_only"
    )
    short_form_scale = __import__("sclab").load_instrument("scs-sf", wording=False)
    assert "The 6 uncompassionate items" in words.key_text(short_form_scale, "correct")
    assert "all 12 raw answers" in words.key_text(short_form_scale, "none")


def test_keying_words_and_rows(sample):
    order, side = sides()
    k = keying(sample, "none")
    text = words.describe_keying(k, side, scs())
    assert words.key_text(scs(), "none") in text
    assert f"Cronbach's alpha: {k.summary.loc['none', 'alpha']:.2f}" in text
    assert "with the right key it is" in text
    rows = words.keying_rows(k)
    assert [r[0] for r in rows] == [
        "Reverse the uncompassionate items",
        "Reverse nothing (shown)",
        "Reverse self-judgment only",
    ]
    items = words.item_rows(k, order, side, {s.id: s.label for s in scs().subscales})
    assert len(items) == 26 and {r[3] for r in items} == {"no"}


def test_short_words_and_rows(sample):
    short = short_form(sample, 26)
    assert "so r is just below 1" in words.describe_short(short, 26)
    assert "so r is just below 1" not in words.describe_short(short_form(sample, 12), 26)
    assert words.short_rows(short)[1][0] == "Published SCS-SF (Raes et al. 2011)"


def test_error_words_and_rows(sample):
    t = retakes(sample, true_score=3.0, sd=0.61, alpha=0.75)
    text = words.describe_error(
        t, true_score=3.0, sd=0.61, alpha=0.75, seed=2, scale=(1, 5), band_note=words.middle_band(scs())
    )
    assert f"= {t.sem:.2f}</strong>" in text and "2,000 simulated retakes here (seed 2)" in text
    assert "Neff's rough guide" in text
    assert words.error_rows(t, true_score=3.0, sd=0.61, alpha=0.75)[0][4] == f"{t.low:.2f} to {t.high:.2f}"


def test_the_sample_is_described_with_its_seed_and_sources(sample):
    text = words.describe_sample(sample.comparison)
    assert "300 simulated students" in text and "seed 2" in text and "No real person" in text
    assert "26-item Self-Compassion Scale" in text
