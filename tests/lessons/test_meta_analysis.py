"""sclab.lessons.meta_analysis: the pooled figures, recomputed with statsmodels on the model's own studies."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from sclab.lessons import meta_analysis as model
from sclab.populations.samples import load_sample


@pytest.mark.parametrize("seed", [2008, 11])
def test_pooled_estimates_match_statsmodels_on_the_published_studies(seed):
    result = model.run(model.design_from_card(), seed)
    studies = result.published
    z, var = np.arctanh(studies["r"].to_numpy()), 1 / (studies["n"].to_numpy() - 3)
    ref = combine_effects(z, var, method_re="dl")
    assert ref.tau2 > 0  # (the seeds are chosen so statsmodels' untruncated value is valid)
    pooled = result.meta.pooled.set_index("model")
    assert pooled.loc["fixed", "r"] == pytest.approx(np.tanh(ref.mean_effect_fe))
    assert pooled.loc["random", "r"] == pytest.approx(np.tanh(ref.mean_effect_re))
    assert result.meta.heterogeneity["i2"].iloc[0] == pytest.approx(ref.i2)
    rows = model.forest_rows(result)
    assert rows["kind"].tolist() == ["study"] * len(studies) + ["fixed", "random"]
    assert rows["weight"].iloc[: len(studies)].sum() == pytest.approx(1.0)


def test_each_study_r_is_the_pearson_r_of_its_own_simulated_people():
    # the study's r comes from people drawn with the study's own true r; re-draw study 1 by hand
    design = model.design_from_card(k=2)
    result = model.run(design, 4)
    rng = np.random.default_rng(4)
    n = int(rng.integers(design.n_min, design.n_max + 1))
    true_r = float(np.tanh(rng.normal(np.arctanh(design.pooled_r), design.tau)))
    x, e = rng.standard_normal((2, n))
    out = stats.pearsonr(x, true_r * x + np.sqrt(1 - true_r**2) * e)
    first = result.runs.iloc[0]
    assert (first["n"], first["true_r"]) == (n, pytest.approx(true_r))
    assert first["r"] == pytest.approx(out.statistic)
    assert first["p_val"] == pytest.approx(out.pvalue)


def test_publication_bias_inflates_small_studies_pooled_r():
    design = model.design_from_card(k=20, n_min=10, n_max=40)
    fair = [model.run(design, s).meta.pooled.loc[1, "r"] for s in range(8)]
    biased_design = dataclasses.replace(design, only_significant=True)
    biased = [model.run(biased_design, s) for s in range(8)]
    assert np.mean([b.meta.pooled.loc[1, "r"] for b in biased]) < np.mean(fair) - 0.1
    assert all(b.file_drawer > 0 for b in biased)
    assert "file drawer" in " ".join(model.pooled_lines(biased[0]))


def test_table_and_lines_show_the_seed_and_every_study():
    result = model.run(model.design_from_card(k=4), 3)
    table = model.study_table(result)
    assert "seed 3" in table.caption
    assert [row[0] for row in table.rows] == [
        "Study 1",
        "Study 2",
        "Study 3",
        "Study 4",
        "Fixed effect",
        "Random effects",
    ]
    lines = model.pooled_lines(result)
    assert lines[0].startswith("Seed 3: 4 published studies")
    assert any(line.startswith("Heterogeneity: Q(3)") for line in lines)


def test_cluster_table_is_pearson_on_the_snapshot():
    sample = load_sample(model.CARD)
    table = model.cluster_table(sample)
    for row, column in zip(
        table.rows, ["reexperiencing_total", "avoidance_total", "hyperarousal_total"], strict=True
    ):
        r = stats.pearsonr(sample["scs_total"], sample[column]).statistic
        assert row[1] == f"{r:.2f}".replace("0.", ".")
    assert model.cluster_correlations(sample).shape == (3, 3)


def test_provenance_names_every_study_set_figure_with_its_basis():
    from sclab import load_card

    card = load_card(model.CARD)
    lines = model.provenance_lines()
    assert "Avoidance symptoms" in lines[0]
    for line, field in zip(lines[1:], ["pooled_r", "tau", "k", "n_min", "n_max"], strict=True):
        assert card.cite(getattr(card.study_set, field)) in line
