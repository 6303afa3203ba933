"""Shipped samples: each regenerates byte for byte, has a data card in sync, and loads by name;
and the `sclab cards` / `sclab simulate` commands."""

from __future__ import annotations

import pandas as pd
import pytest

from sclab import card_ids, load_card, load_sample, sample_names, simulate
from sclab.cli import main
from sclab.populations.samples import SNAPSHOTS, data_card, snapshot_csv
from sclab.resources import shipped


def test_there_is_one_snapshot_per_card_and_no_stray_files():
    assert SNAPSHOTS, "no snapshots declared"
    assert sample_names() == sorted(s.name for s in SNAPSHOTS)
    assert {s.card for s in SNAPSHOTS} == set(card_ids())
    for s in SNAPSHOTS:
        assert s.n == load_card(s.card).n.value, f"{s.name} is not at the paper's N"


@pytest.mark.parametrize("snap", SNAPSHOTS, ids=lambda s: s.name)
def test_snapshot_regenerates_byte_for_byte(snap):
    committed = (shipped("samples") / f"{snap.name}.csv").read_bytes()
    fresh = snapshot_csv(simulate(snap.card, snap.n, seed=snap.seed, variant=snap.variant))
    assert fresh.encode("utf-8") == committed, f"regenerate with: {snap.command}"


@pytest.mark.parametrize("snap", SNAPSHOTS, ids=lambda s: s.name)
def test_data_card_is_in_sync_and_names_every_column(snap):
    text = (shipped("samples") / f"{snap.name}.md").read_text(encoding="utf-8")
    assert text == data_card(snap)
    assert snap.command in text and f"seed: {snap.seed}" in text and f"N: {snap.n}" in text
    for col in load_sample(snap.name).columns:
        assert f"| `{col}` |" in text


@pytest.mark.parametrize("snap", SNAPSHOTS, ids=lambda s: s.name)
def test_load_sample_gives_the_simulated_frame(snap):
    df = load_sample(snap.name)
    fresh = simulate(snap.card, snap.n, seed=snap.seed, variant=snap.variant)
    assert list(df.columns) == list(fresh.columns) and len(df) == snap.n
    pd.testing.assert_frame_equal(df, fresh, check_dtype=False, atol=1e-6)


def test_unknown_sample_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown sample 'nope'; valid names: emerging-adults"):
        load_sample("nope")


# --- command line ----------------------------------------------------------------------------
def test_cli_cards_lists_every_card(capsys):
    assert main(["cards"]) == 0
    out = capsys.readouterr().out
    for s in SNAPSHOTS:
        assert s.card in out
    assert "variants: ferrari-2019, wilson-2019" in out


def test_cli_simulate_writes_the_snapshot_text(tmp_path, capsys):
    snap = SNAPSHOTS[0]
    out = tmp_path / "s.csv"
    assert main(["simulate", snap.card, "--n", str(snap.n), "--seed", str(snap.seed), "--out", str(out)]) == 0
    assert out.read_bytes() == (shipped("samples") / f"{snap.name}.csv").read_bytes()
    assert f"wrote {out} ({snap.n} rows" in capsys.readouterr().err


def test_cli_simulate_to_stdout(capsys):
    assert main(["simulate", "students-scs", "--n", "4", "--seed", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("gender,scs_1,") and len(lines) == 5


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["simulate", "nope", "--n", "5", "--seed", "1"], "unknown card 'nope'; valid ids:"),
        (
            ["simulate", "students-scs", "--n", "0", "--seed", "1"],
            "--n must be a whole number, at least 1; got 0",
        ),
        (
            ["simulate", "students-scs", "--n", "5", "--seed", "-2"],
            "--seed must be a whole number from 0 to 2147483647; got -2",
        ),
        (["simulate", "students-scs", "--n", "5", "--seed", "2147483648"], "--seed must be a whole number"),
        (["simulate", "students-scs", "--n", "5", "--seed", "1", "--variant", "x"], "has no variants"),
        (
            ["simulate", "sc-intervention-trial", "--n", "5", "--seed", "1", "--variant", "x"],
            "valid: ferrari-2019",
        ),
    ],
)
def test_cli_simulate_unusable_input_gives_one_line_and_exit_2(argv, reason, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert reason in err and err.count("\n") == 1


def test_cli_simulate_unwritable_output(tmp_path, capsys):
    target = tmp_path / "missing" / "x.csv"
    assert main(["simulate", "students-scs", "--n", "3", "--seed", "1", "--out", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
