"""MediationExplorer without a browser: build it, move its controls, run the bootstrap, check the numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest
import statsmodels.api as sm

from sclab.lessons.mediation import MEDIATORS, X, Y
from sclab.populations.card import load_card
from sclab.ui import MediationExplorer
from support.widget_tree import walk

M = list(MEDIATORS)


def zscores(frame: pd.DataFrame) -> pd.DataFrame:
    return (frame - frame.mean()) / frame.std()


def rows(result: pd.DataFrame, effect: str) -> pd.DataFrame:
    return result[result["effect"] == effect].reset_index(drop=True)


@pytest.fixture(scope="module")
def view() -> MediationExplorer:
    v = MediationExplorer(n=200, seed=3, n_boot=500)
    v.background = False
    return v


def test_builds_labelled_without_output_and_with_plain_lists(capsys):
    v = MediationExplorer(n=150, seed=2, n_boot=200)
    assert capsys.readouterr().out == ""
    assert [t.name for t in v.figure.data] == [
        "This sample (95% interval)",
        "Card weight (what the sample was built from)",
        "Published weight",
    ]
    assert len(v.figure.data[0].y) == 11 and len(v.figure.data[0].x) == 11
    for trace in v.figure.data:
        assert not isinstance(trace.x, np.ndarray)
    controls = [v.n, v.seed, v.new_sample_button, v.n_boot, v.standardised, v.run_button, v.progress]
    assert all(c in list(walk(v)) for c in controls)
    for c in controls:
        assert c.description and c.tooltip, f"{type(c).__name__} needs a label and a tooltip"
    assert "seed 2" in v.figure.layout.title.text and "N = 150" in v.figure.layout.title.text


def test_numbers_equal_pingouin_run_independently_on_the_widgets_data(view):
    assert view.result is not None
    ref = pingouin.mediation_analysis(data=zscores(view.data), x=X, m=M, y=Y, n_boot=500, seed=3)
    out = view.result
    # a paths, total, direct and the three indirect effects: pingouin's own rows
    mine = pd.concat([rows(out, "a"), rows(out, "total"), rows(out, "direct"), rows(out, "indirect")])
    theirs = ref.iloc[[0, 1, 2, 6, 7, 8, 9, 10]]
    assert list(theirs["path"][-3:]) == [f"Indirect {m}" for m in M]
    np.testing.assert_allclose(mine["coef"], theirs["coef"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mine["ci_low"], theirs["CI2.5"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mine["ci_high"], theirs["CI97.5"], rtol=1e-10, atol=1e-12)
    # b paths: each mediator's slope in y ~ x + mediators (statsmodels, fitted here)
    z = zscores(view.data)
    fit = sm.OLS(z[Y], sm.add_constant(z[[X, *M]])).fit()
    np.testing.assert_allclose(rows(out, "b")["coef"], fit.params[M].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(rows(out, "direct")["coef"], [fit.params[X]], rtol=1e-10)
    # and the plot shows exactly these numbers, with these intervals
    est = view.figure.data[0]
    np.testing.assert_allclose(est.x, out["coef"], rtol=1e-12)
    np.testing.assert_allclose(np.array(est.x) + np.array(est.error_x.array, dtype=float), out["ci_high"])
    np.testing.assert_allclose(np.array(est.x) - np.array(est.error_x.arrayminus, dtype=float), out["ci_low"])


def test_indirect_is_a_times_b_and_the_parts_add_up_to_the_total(view):
    out = view.result
    a, b, ind = rows(out, "a")["coef"], rows(out, "b")["coef"], rows(out, "indirect")["coef"]
    np.testing.assert_allclose(ind, a * b, rtol=1e-10)
    total, direct = rows(out, "total")["coef"].iloc[0], rows(out, "direct")["coef"].iloc[0]
    assert total == pytest.approx(direct + ind.sum(), abs=1e-10)
    assert f"{total:.2f}".replace("0.", ".") in view.summary.value
    # the table carries the same numbers as the plot
    for value in ind:
        assert f"{value:.2f}".replace("0.", ".") in view.paths_table.value


def test_big_runs_wait_for_the_button_and_the_progress_bar_reaches_its_max():
    v = MediationExplorer(n=600, seed=4, n_boot=1000)
    v.background = False
    assert v.result is None and v.progress.value == v.progress.min
    assert "press <strong>Run bootstrap</strong>" in v.status.value
    assert v.figure.data[0].error_x.array[-1] is None  # no interval for the indirect effects yet
    v.run_button.click()
    assert v.progress.value == v.progress.max and v.progress.bar_style == "success"
    assert v.result is not None and "Done: 1,000 resamples" in v.status.value
    assert v.figure.data[0].error_x.array[-1] is not None
    v.n_boot.value = 2000  # settings changed: the old intervals go
    assert v.result is None and v.progress.value == 0


def test_background_run_finishes_and_a_stale_run_is_not_shown():
    v = MediationExplorer(n=1000, seed=6, n_boot=2000)
    v.run_bootstrap(background=True)
    assert v.running and v.run_button.disabled
    v.join(60)
    assert not v.running and not v.run_button.disabled
    assert v.result is not None and v.progress.value == v.progress.max

    v.run_bootstrap(background=True)
    v.standardised.value = False  # changed while it runs: the finished run belongs to old settings
    v.join(60)
    assert v.result is None and "press <strong>Run bootstrap</strong>" in v.status.value


def test_small_changes_run_the_bootstrap_at_once(view):
    view.n.value = 150
    try:
        assert view.result is not None and int(view.result["n"].iloc[0]) == 150
        assert view.progress.value == view.progress.max
    finally:
        view.n.value = 200


def test_raw_units_hide_the_standardised_comparisons(view):
    z_coef = list(view.figure.data[0].x)
    assert [x for x in view.figure.data[2].x if x is not None] == [0.17, 0.32]
    view.standardised.value = False
    try:
        raw = view.result
        assert list(view.figure.data[0].x) != z_coef
        assert all(x is None for x in view.figure.data[1].x) and all(x is None for x in view.figure.data[2].x)
        assert "raw score units" in view.figure.layout.title.text and "Raw units" in view.summary.value
        fit = sm.OLS(view.data["scs_total"], sm.add_constant(view.data[[X]])).fit()
        assert rows(raw, "a")["coef"].iloc[0] == pytest.approx(fit.params[X], rel=1e-10)
    finally:
        view.standardised.value = True
    assert list(view.figure.data[0].x) == pytest.approx(z_coef)


def test_card_weights_sit_beside_the_paths_they_built(view):
    card = load_card("emerging-adults")
    sat = next(p for p in card.paths if p.outcome == "satisfaction").predictors
    labels, values = view.figure.data[1].y, view.figure.data[1].x
    shown = {label: value for label, value in zip(labels, values, strict=True) if value is not None}
    assert shown["b: family support → satisfaction"] == sat["family"].value
    assert shown["direct: distress → satisfaction"] == sat["distress"].value
    assert shown["a: distress → friends' support"] == -0.25
    assert "a: distress → self-compassion" not in shown  # the card's path there has other predictors


def test_published_weights_table_carries_basis_and_this_sample(view):
    table = view.published
    assert set(table["kind"]) >= {"source", "assumption"}
    fam = table.set_index("link").loc["Life satisfaction <- support from family"]
    assert fam["published"] == ".32" and fam["published_basis"].startswith("source:")
    one = table.set_index("link").loc["Self-compassion <- social support (one support score)"]
    links = ["Self-compassion <- support from friends", "Self-compassion <- support from family"]
    parts = table.set_index("link").loc[links, "coef"]
    # the population's .34 drawn at n = 200 (SE about .07): clearly positive, not near the population
    assert one["coef"] == pytest.approx(parts.sum()) and one["coef"] > 0.1
    html = view.published_table.value
    assert "<th scope='col'" in html and "source: " in html and "assumption: " in html
    assert "not simulated" in html


def test_new_sample_moves_the_seed_and_the_same_seed_gives_the_same_numbers(view):
    before = list(view.figure.data[0].x)
    view.new_sample_button.click()
    try:
        assert view.seed.value == 4 and list(view.figure.data[0].x) != before
        twin = MediationExplorer(n=200, seed=4, n_boot=500)
        pd.testing.assert_frame_equal(twin.result, view.result)
    finally:
        view.seed.value = 3
    assert list(view.figure.data[0].x) == before


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"n": 50}, "n must"),
        ({"n": True}, "n must"),
        ({"n": 200.5}, "n must"),
        ({"seed": -1}, "seed must"),
        ({"n_boot": 300}, "n_boot must"),
        ({"standardised": "yes"}, "standardised must"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(kwargs, named):
    with pytest.raises(ValueError, match=named):
        MediationExplorer(**kwargs)


def test_a_failed_bootstrap_is_shown_in_one_line_and_the_button_comes_back(monkeypatch):
    import sclab.ui.explorers.mediation_explorer as module

    v = MediationExplorer(n=600, seed=4, n_boot=1000)  # waits for the button

    def broken(*args, **kwargs):
        raise ValueError("the sample has no variance\n(a second line nobody needs)")

    monkeypatch.setattr(module, "analyse", broken)
    v.run_bootstrap(background=True)
    v.join(60)
    assert v.status.value == "The bootstrap failed: the sample has no variance"
    assert v.progress.bar_style == "danger" and not v.run_button.disabled and v.result is None
