"""Remembered answers on the student's computer: private files, one per instrument, checked when read."""

from __future__ import annotations

import json
import re
import stat
from datetime import date

import pytest

from sclab import load_instrument
from sclab.lessons.answer_memory import (
    FOLDER_NAME,
    RememberedAnswersError,
    date_text,
    forget,
    memory_file,
    memory_folder,
    offer_text,
    recall,
    remember,
    source_kind,
)
from sclab.lessons.answers import changed_source, persona_source, simulated_answers, simulated_source

SCP = load_instrument("sc-practice")
MTP = load_instrument("mt-practice")
DAY = date(2026, 12, 2)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """The user data folder moved into a temporary one (platformdirs reads $XDG_DATA_HOME on Linux)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_folder_is_in_the_user_data_folder(data_home):
    assert memory_folder() == data_home / "sclab" / FOLDER_NAME
    assert memory_file("sc-practice") == data_home / "sclab" / FOLDER_NAME / "sc-practice.json"


def test_remember_makes_a_private_folder_and_file_holding_only_the_answers_date_and_source(data_home):
    answers = simulated_answers(SCP, 5)
    remember(SCP, answers, "own answers", today=DAY)
    folder = memory_folder()
    assert _mode(folder) == 0o700 and _mode(folder.parent) == 0o700
    path = memory_file("sc-practice")
    assert _mode(path) == 0o600
    assert [p.name for p in folder.iterdir()] == ["sc-practice.json"]  # no temporary file left
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"instrument", "date", "source", "answers"}
    assert data["date"] == "2026-12-02" and data["source"] == "own answers"
    assert {int(k): v for k, v in data["answers"].items()} == answers


def test_an_existing_folder_is_made_private(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    remember(MTP, simulated_answers(MTP, 1), "simulated", folder=folder)
    assert _mode(folder) == 0o700


def test_recall_returns_what_was_remembered_and_none_when_nothing_is(tmp_path):
    assert recall(SCP, folder=tmp_path) is None
    answers = simulated_answers(SCP, 9)
    remember(SCP, answers, "persona", folder=tmp_path, today=DAY)
    got = recall(SCP, folder=tmp_path)
    assert got.answers == answers and got.date == DAY and got.source == "persona"
    assert recall(MTP, folder=tmp_path) is None  # one file per instrument


def test_forget_deletes_the_file(tmp_path):
    remember(SCP, simulated_answers(SCP, 2), "own answers", folder=tmp_path)
    assert forget("sc-practice", folder=tmp_path) is True
    assert list(tmp_path.iterdir()) == []
    assert forget("sc-practice", folder=tmp_path) is False


def test_incomplete_or_out_of_range_answers_are_not_remembered(tmp_path):
    answers = simulated_answers(SCP, 2)
    with pytest.raises(ValueError, match=r"missing \[24\]"):
        remember(SCP, {k: v for k, v in answers.items() if k != 24}, "own answers", folder=tmp_path)
    with pytest.raises(ValueError, match="item scp_3 has 9"):
        remember(SCP, {**answers, 3: 9}, "own answers", folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda d: {**d, "source": "my friend"}, "field 'source'"),
        (lambda d: {**d, "answers": {**d["answers"], "3": 7}}, "field 'answers'"),
        (lambda d: {**d, "answers": {**d["answers"], "3": "4"}}, "field 'answers.3'"),
        (lambda d: {**d, "date": "yesterday"}, "field 'date'"),
        (lambda d: {**d, "name": "Sam"}, "field 'name'"),
    ],
)
def test_a_damaged_file_gives_an_error_naming_file_and_field_and_is_kept(tmp_path, damage, named):
    remember(SCP, simulated_answers(SCP, 4), "own answers", folder=tmp_path)
    path = memory_file("sc-practice", tmp_path)
    damaged = json.dumps(damage(json.loads(path.read_text(encoding="utf-8"))))
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(RememberedAnswersError, match=r"sc-practice\.json") as err:
        recall(SCP, folder=tmp_path)
    assert named in str(err.value) and "kept" in str(err.value)
    assert path.read_text(encoding="utf-8") == damaged
    with pytest.raises(RememberedAnswersError, match=re.escape(named)):  # and it is not written over either
        remember(SCP, simulated_answers(SCP, 5), "own answers", folder=tmp_path)
    assert path.read_text(encoding="utf-8") == damaged


def test_a_file_cut_short_is_reported_and_kept(tmp_path):
    path = memory_file("sc-practice", tmp_path)
    path.write_text('{"instrument": "sc-pr', encoding="utf-8")
    with pytest.raises(RememberedAnswersError, match=r"sc-practice\.json: cannot be read as JSON"):
        recall(SCP, folder=tmp_path)
    assert path.exists()


def test_another_instruments_answers_are_refused_by_name(tmp_path):
    remember(MTP, simulated_answers(MTP, 4), "simulated", folder=tmp_path)
    memory_file("mt-practice", tmp_path).rename(memory_file("sc-practice", tmp_path))
    with pytest.raises(RememberedAnswersError, match=r"field 'instrument' is 'mt-practice'.*'sc-practice'"):
        recall(SCP, folder=tmp_path)
    assert memory_file("sc-practice", tmp_path).exists()


def test_the_source_in_words_comes_from_the_questionnaires_source():
    assert source_kind("your own answers") == "own answers"
    assert source_kind(persona_source("Priya")) == "persona"
    assert source_kind(changed_source(persona_source("Priya"))) == "persona"
    assert source_kind(simulated_source(12)) == "simulated"


def test_dates_are_written_the_british_way():
    assert offer_text(DAY, today=date(2026, 12, 20)) == "Use my remembered answers from 2 December"
    assert date_text(date(2025, 3, 14), today=DAY) == "14 March 2025"


def test_an_unsafe_instrument_id_is_refused(tmp_path):
    with pytest.raises(ValueError, match="lower-case letters"):
        memory_file("../outside", tmp_path)
