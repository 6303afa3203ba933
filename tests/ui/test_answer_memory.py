"""AnswerMemory: remember a questionnaire's answers on this computer, offer them later, never when served."""

from __future__ import annotations

import stat
from datetime import date

import ipywidgets as widgets
import pytest

from sclab.classroom.serving import SERVED_ENV
from sclab.lessons.answer_memory import SERVED_NOTE, memory_file, memory_folder, offer_text, remember
from sclab.lessons.answers import simulated_answers
from sclab.ui import Questionnaire
from sclab.ui.answer_memory import AnswerMemory
from support.widget_tree import walk


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """A private user data folder ($XDG_DATA_HOME, read by platformdirs) and a kernel that is not served."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(SERVED_ENV, raising=False)
    return tmp_path / "data"


def _shown(widget) -> str:
    return " ".join(w.value for w in walk(widget) if isinstance(w, widgets.HTML))


def _answers(q) -> dict[int, int]:
    return {n: c.value for n, c in q.controls.items()}


def test_ticking_after_submitting_writes_a_private_file(data_home):
    q = Questionnaire("sc-practice", seed=4)
    memory = AnswerMemory().follow(q)
    row = memory.rows["sc-practice"]
    assert row.use_button.layout.display == "none"  # nothing remembered yet
    q.use_simulated_respondent()
    q.submit()
    assert not memory_folder().exists()  # nothing written until the box is ticked
    row.remember_box.value = True
    path = memory_file("sc-practice")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(memory_folder().stat().st_mode) == 0o700
    assert "a simulated respondent's answers" in row.status.value
    assert row.use_button.layout.display is None


def test_round_trip_fills_and_submits_a_new_questionnaire(data_home):
    first = Questionnaire("mt-practice")
    memory = AnswerMemory().follow(first)
    memory.remember()  # ticked before submitting: written at the submission
    assert "will be remembered when you submit" in memory.rows["mt-practice"].note.value
    first.use_persona("short-fuse")
    first.submit()

    later = Questionnaire("mt-practice")
    offer = AnswerMemory().follow(later)
    row = offer.rows["mt-practice"]
    assert row.use_button.description == offer_text(date.today())
    row.use_button.click()
    assert _answers(later) == _answers(first)
    assert later.answers.equals(first.answers) and later.scores == first.scores
    # the questionnaire says whose they are: a persona's, remembered (it used to say "your own answers")
    assert later.source.startswith("fictional persona (remembered from ")
    row.remember_box.value = True  # written again: still a persona's answers, not "your own"
    assert "a fictional persona's answers" in row.status.value


def test_forget_deletes_the_file_and_unticks(data_home):
    q = Questionnaire("sc-practice")
    memory = AnswerMemory().follow(q)
    q.use_persona()
    q.submit()
    memory.remember()
    row = memory.rows["sc-practice"]
    assert memory_file("sc-practice").exists()
    row.forget_button.click()
    assert not memory_file("sc-practice").exists()
    assert row.remember_box.value is False
    assert row.use_button.layout.display == "none"
    assert "deleted" in row.note.value


def test_served_shows_one_line_and_reads_and_writes_nothing(data_home, monkeypatch):
    folder = memory_folder()
    monkeypatch.setenv(SERVED_ENV, "1")
    q = Questionnaire("sc-practice")
    memory = AnswerMemory().follow(q)
    assert memory.offered is False and memory.rows == {}
    assert memory.children == (memory.intro,) and SERVED_NOTE in memory.intro.value
    assert not any(isinstance(w, (widgets.Checkbox, widgets.Button)) for w in walk(memory))
    q.use_simulated_respondent()
    q.submit()
    memory.remember()
    memory.use_remembered()
    memory.forget()
    assert not data_home.exists() and not folder.exists()


def test_served_does_not_offer_answers_already_on_the_disk(data_home, monkeypatch):
    q = Questionnaire("sc-practice")
    remember(q.instrument, simulated_answers(q.instrument, 3), "own answers")
    monkeypatch.setenv(SERVED_ENV, "1")
    memory = AnswerMemory().follow(q)
    memory.use_remembered()
    assert q.answers is None and "Use my remembered" not in _shown(memory)


def test_a_damaged_file_is_reported_and_kept(data_home):
    q = Questionnaire("sc-practice")
    remember(q.instrument, simulated_answers(q.instrument, 3), "own answers")
    path = memory_file("sc-practice")
    path.write_text(path.read_text(encoding="utf-8").replace('"own answers"', '"a friend"'), encoding="utf-8")
    memory = AnswerMemory().follow(q)
    row = memory.rows["sc-practice"]
    assert "sc-practice.json" in row.status.value and "field 'source'" in row.status.value
    assert row.use_button.layout.display == "none"
    q.use_persona()
    q.submit()
    row.remember_box.value = True  # refused: the damaged file is not written over
    assert row.remember_box.value is False and "Not remembered" in row.note.value
    assert '"a friend"' in path.read_text(encoding="utf-8")


def test_another_instruments_file_is_refused_by_name(data_home):
    co = Questionnaire("co-practice")
    remember(co.instrument, simulated_answers(co.instrument, 3), "simulated")
    memory_file("co-practice").rename(memory_file("sc-practice"))
    q = Questionnaire("sc-practice")
    row = AnswerMemory().follow(q).rows["sc-practice"]
    assert "'co-practice'" in row.status.value and row.use_button.layout.display == "none"
    assert memory_file("sc-practice").exists()


def test_follows_two_questionnaires_and_refuses_what_it_cannot_use(data_home):
    memory = AnswerMemory().follow(Questionnaire("co-practice")).follow(Questionnaire("sc-practice"))
    assert list(memory.rows) == ["co-practice", "sc-practice"]
    with pytest.raises(ValueError, match="needs a sclab Questionnaire"):
        AnswerMemory().follow(widgets.Button())
    with pytest.raises(ValueError, match="already follows a 'sc-practice'"):
        memory.follow(Questionnaire("sc-practice"))
    with pytest.raises(ValueError, match="followed: co-practice, sc-practice"):
        memory.forget("mt-practice")
