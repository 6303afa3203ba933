"""ReflectionJournal without a browser: type, preview, save only on request, only into its folder."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from sclab.lessons.journal import PROMPT_SETS, Prompt
from sclab.resources import shipped
from sclab.ui import ReflectionJournal

SCRIPT = "<script>alert('hi')</script>"


def files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


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
    assert files(here) == ["sclab-journal", "sclab-journal/today.md"]
    assert journal.saved_to == here / "sclab-journal" / "today.md"
    text = (here / "sclab-journal" / "today.md").read_text(encoding="utf-8")
    assert "## What happened" in text and "A hard seminar today." in text and "You did fine." in text
    assert "Saved as today.md in the folder sclab-journal" in journal.status.value
    assert str(here) not in journal.status.value


def test_the_preview_escapes_what_the_student_wrote():
    journal = ReflectionJournal(prompts="letter")
    journal.areas[0].value = f"Dear me,\n{SCRIPT} & <b>bold</b>"
    shown = journal.preview.value
    assert "<script>" not in shown and "<b>bold" not in shown
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in shown and "&amp;" in shown
    assert "Dear me,<br>" in shown


def test_messages_escape_the_typed_name(here):
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    journal.path.value = "<b>bold<b onclick=x>"
    journal.save_button.click()
    assert "<b" not in journal.status.value and "&lt;b&gt;bold&lt;b onclick=x&gt;.md" in journal.status.value


def test_an_existing_file_is_kept_unless_overwrite_is_ticked(here):
    (here / "sclab-journal").mkdir()
    kept = here / "sclab-journal" / "letter.md"
    kept.write_text("older letter", encoding="utf-8")
    journal = ReflectionJournal(prompts="letter")
    write(journal, "newer letter")
    journal.path.value = "letter.md"
    assert journal.save() is None
    assert "already exists" in journal.status.value and "Replace an existing file" in journal.status.value
    assert kept.read_text(encoding="utf-8") == "older letter"
    journal.overwrite.value = True
    assert journal.save() == kept
    assert "newer letter" in kept.read_text(encoding="utf-8")


def test_suffix_follows_the_format(here):
    journal = ReflectionJournal(prompts="letter", title="Week 3")
    write(journal, "plain words")
    journal.format.value = "text"
    journal.path.value = "notes"
    assert journal.save() == here / "sclab-journal" / "notes.txt"
    text = (here / "sclab-journal" / "notes.txt").read_text(encoding="utf-8")
    assert text.startswith("Week 3\n======") and "#" not in text and "plain words" in text
    journal.path.value = "notes.md"  # Markdown name, plain-text format
    assert journal.save() is None and "ends in .md" in journal.status.value
    assert files(here) == ["sclab-journal", "sclab-journal/notes.txt"]


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
    assert journal.save() is None and "file name only" in journal.status.value
    journal.path.value = "mine.md"
    assert journal.save() == inside / "mine.md"
    assert files(here) == ["journals", "journals/mine.md"]
    assert "in the folder journals," in journal.status.value and str(here) not in journal.status.value


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
    assert "first" in (here / "sclab-journal" / "kept.md").read_text(encoding="utf-8")


# --- the journal stays in its folder, as notebook 09 builds it (no folder=, as under Voila) ---------


@pytest.fixture
def outside(tmp_path):
    """The notebook's folder (current folder), and a file outside the journal folder."""
    notebook = tmp_path / "course"
    (notebook / "sclab-journal").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "target.md"
    target.write_text("not yours", encoding="utf-8")
    return notebook, target


def saving(journal, name, *, replace=False):
    journal.path.value, journal.overwrite.value = name, replace
    return journal.save(), journal.status.value


@pytest.mark.parametrize("escape", ["../../../../tmp/{}", "/tmp/{}", "..\\..\\{}", "../{}", "sub/{}"])
def test_a_path_out_of_the_folder_is_refused_and_nothing_is_written(outside, monkeypatch, escape):
    notebook, _ = outside
    monkeypatch.chdir(notebook)
    name = f"sclab-escape-{uuid.uuid4().hex}"
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    saved, message = saving(journal, escape.format(name), replace=True)
    assert saved is None and "file name only" in message and name not in message
    assert not Path(f"/tmp/{name}.md").exists() and not list(notebook.parent.rglob(f"{name}*"))
    assert str(notebook) not in message and "/tmp" not in message


@pytest.mark.parametrize("replace", [False, True])
def test_a_link_in_the_folder_pointing_outside_is_never_followed(outside, monkeypatch, replace):
    notebook, target = outside
    monkeypatch.chdir(notebook)
    (notebook / "sclab-journal" / "letter.md").symlink_to(target)
    (notebook / "sclab-journal" / "fresh.md").symlink_to(target.parent / "fresh.md")  # points at nothing yet
    journal = ReflectionJournal(prompts="letter")
    write(journal, "overwritten?")
    for name in ("letter.md", "fresh.md"):
        saved, message = saving(journal, name, replace=replace)
        assert saved is None and "is a link to somewhere else" in message
        assert str(target.parent) not in message and str(notebook) not in message
    assert target.read_text(encoding="utf-8") == "not yours" and files(target.parent) == ["target.md"]


def test_a_journal_folder_that_is_a_link_is_refused(outside, monkeypatch):
    notebook, target = outside
    (notebook / "sclab-journal").rmdir()
    (notebook / "sclab-journal").symlink_to(target.parent, target_is_directory=True)
    monkeypatch.chdir(notebook)
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    saved, message = saving(journal, "letter.md", replace=True)
    assert saved is None and "folder sclab-journal is a link" in message and str(target.parent) not in message
    assert files(target.parent) == ["target.md"]


def test_replace_never_writes_into_a_file_another_name_shares(outside, monkeypatch):
    notebook, target = outside
    monkeypatch.chdir(notebook)
    (notebook / "sclab-journal" / "letter.md").hardlink_to(target)
    journal = ReflectionJournal(prompts="letter")
    write(journal, "new letter")
    saved, message = saving(journal, "letter.md", replace=True)
    assert saved == notebook / "sclab-journal" / "letter.md" and "Saved as letter.md" in message
    assert (
        "new letter" in saved.read_text(encoding="utf-8")
        and target.read_text(encoding="utf-8") == "not yours"
    )


def test_no_message_shows_a_full_path(outside, monkeypatch):
    notebook, target = outside
    monkeypatch.chdir(notebook)
    (notebook / "sclab-journal" / "link.md").symlink_to(target)
    journal = ReflectionJournal(prompts="letter")
    write(journal, "text")
    messages = [saving(journal, n)[1] for n in ("a.md", "a.md", "link.md", "/tmp/x", "../../x", "a.txt")]
    messages.append(saving(journal, "a.md", replace=True)[1])
    root = str(notebook.parent)
    assert all(m and root not in m and "/tmp" not in m and not re_abs(m) for m in messages), messages


def re_abs(message: str) -> bool:
    """Whether ``message`` holds something shaped like an absolute POSIX or Windows path."""
    return bool(re.search(r"(?<![\w'])/[\w.-]+/|[A-Za-z]:\\", message))


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
