"""ReflectionJournal without a browser: type, preview, save only on request, by the path rules."""

from __future__ import annotations

import pytest

from sclab.lessons.journal import PROMPT_SETS, Prompt
from sclab.resources import shipped
from sclab.ui import ReflectionJournal

SCRIPT = "<script>alert('hi')</script>"


def files(folder):
    return sorted(p.name for p in folder.rglob("*"))


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty current folder, so a file written by mistake would show up in it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(journal, *texts):
    for area, text in zip(journal.areas, texts, strict=False):
        area.value = text


def test_one_labelled_text_area_per_prompt_and_every_control_labelled():
    journal = ReflectionJournal()
    prompts = [p for group in PROMPT_SETS.values() for p in group]
    assert [a.description for a in journal.areas] == [p.title for p in prompts]
    assert [a.tooltip for a in journal.areas] == [p.guidance for p in prompts]
    controls = (journal.path, journal.format, journal.overwrite, journal.save_button, journal.clear_button)
    for control in controls:
        assert control.description and control.tooltip
    assert [a.description for a in ReflectionJournal(prompts="friend").areas] == [
        "What you would say",
        "Turning it inward",
    ]


def test_nothing_is_written_before_save_is_pressed(here):
    journal = ReflectionJournal(prompts="journaling")
    write(journal, "A hard seminar today.", "Everyone freezes sometimes.", "You did fine.")
    journal.path.value = "today.md"
    journal.format.value = "text"
    journal.format.value = "markdown"
    journal.overwrite.value = True
    journal.overwrite.value = False
    assert files(here) == [] and journal.saved_to is None
    journal.save_button.click()
    assert files(here) == ["today.md"] and journal.saved_to == here / "today.md"
    text = (here / "today.md").read_text(encoding="utf-8")
    assert "## What happened" in text and "A hard seminar today." in text and "You did fine." in text
    assert "Saved to" in journal.status.value


def test_the_preview_escapes_what_the_student_wrote():
    journal = ReflectionJournal(prompts="letter")
    journal.areas[0].value = f"Dear me,\n{SCRIPT} & <b>bold</b>"
    shown = journal.preview.value
    assert "<script>" not in shown and "<b>bold" not in shown
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in shown and "&amp;" in shown
    assert "Dear me,<br>" in shown


def test_error_messages_escape_the_typed_path(here):
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    journal.path.value = f"missing/{SCRIPT}.md"
    journal.save_button.click()
    assert "<script>" not in journal.status.value and "&lt;script&gt;" in journal.status.value
    assert files(here) == []


def test_a_missing_folder_is_refused_clearly(here):
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    journal.path.value = "no_such_folder/letter.md"
    assert journal.save() is None
    assert "does not exist" in journal.status.value and "no_such_folder" in journal.status.value
    assert files(here) == []
    (here / "no_such_folder").mkdir()
    assert journal.save() == here / "no_such_folder" / "letter.md"


def test_an_existing_file_is_kept_unless_overwrite_is_ticked(here):
    (here / "letter.md").write_text("older letter", encoding="utf-8")
    journal = ReflectionJournal(prompts="letter")
    write(journal, "newer letter")
    journal.path.value = "letter.md"
    assert journal.save() is None
    assert "already exists" in journal.status.value and "Replace an existing file" in journal.status.value
    assert (here / "letter.md").read_text(encoding="utf-8") == "older letter"
    journal.overwrite.value = True
    assert journal.save() == here / "letter.md"
    assert "newer letter" in (here / "letter.md").read_text(encoding="utf-8")


def test_suffix_follows_the_format(here):
    journal = ReflectionJournal(prompts="letter", title="Week 3")
    write(journal, "plain words")
    journal.format.value = "text"
    journal.path.value = "notes"
    assert journal.save() == here / "notes.txt"
    text = (here / "notes.txt").read_text(encoding="utf-8")
    assert text.startswith("Week 3\n======") and "#" not in text and "plain words" in text
    journal.path.value = "notes.md"  # Markdown name, plain-text format
    assert journal.save() is None and "ends in .md" in journal.status.value
    assert files(here) == ["notes.txt"]


def test_empty_path_or_empty_journal_saves_nothing(here):
    journal = ReflectionJournal(prompts="letter")
    journal.path.value = "letter.md"
    assert journal.save() is None and "nothing to save" in journal.status.value
    write(journal, "something")
    journal.path.value = "   "
    assert journal.save() is None and "Type a file name" in journal.status.value
    assert files(here) == []


def test_a_folder_confines_where_files_go(here):
    inside = here / "journals"
    inside.mkdir()
    journal = ReflectionJournal(prompts="letter", folder=inside)
    write(journal, "text")
    journal.path.value = "../escape.md"
    assert journal.save() is None and "only be saved inside" in journal.status.value
    journal.path.value = "mine.md"
    assert journal.save() == inside / "mine.md"
    assert files(here) == ["journals", "mine.md"]


def test_clear_asks_once_then_erases_text_but_not_saved_files(here):
    journal = ReflectionJournal(prompts="friend")
    write(journal, "first", "second")
    journal.path.value = "kept.md"
    journal.save()
    journal.clear_button.click()
    assert journal.texts == ["first", "second"] and "Press again" in journal.clear_button.description
    journal.areas[0].value = "first, edited"  # typing cancels the pending clear
    assert journal.clear_button.description == "Clear"
    journal.clear_button.click()
    journal.clear_button.click()
    assert journal.texts == ["", ""] and "Nothing written yet" in journal.preview.value
    assert "first" in (here / "kept.md").read_text(encoding="utf-8")


def test_custom_prompts():
    journal = ReflectionJournal(
        prompts=[("My week", "What went well?"), "Anything else on your mind?", Prompt("k", "Own", "Guide")]
    )
    assert [a.description for a in journal.areas] == ["My week", "Anything else on your mind?", "Own"]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"prompts": "letters"}, "prompts must be one of"),
        ({"prompts": []}, "prompts must be a list of 1 to"),
        ({"prompts": [3]}, r"prompts\[0\] must be"),
        ({"prompts": [("A", "x"), ("A", "y")]}, "repeated: A"),
        ({"prompts": [("", "x")]}, r"prompts\[0\] needs a title"),
        ({"title": ""}, "title must"),
        ({"folder": "/no/such/folder/at/all"}, "folder must"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(kwargs, named):
    with pytest.raises(ValueError, match=named):
        ReflectionJournal(**kwargs)


def test_the_practices_notebook_runs_without_writing_a_file(tmp_path):
    """Run as in CI (nobody types): the folder holds only the notebook afterwards."""
    import shutil

    import nbclient
    import nbformat

    source = shipped("course") / "09_practices.ipynb"
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    nb = nbformat.read(copy, as_version=4)
    assert sum("ReflectionJournal(" in c.source for c in nb.cells if c.cell_type == "code") == 3
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert files(tmp_path) == [source.name]
