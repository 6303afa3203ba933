"""The journal model: prompts, the escaped preview, the file text and the path rules, without widgets."""

from __future__ import annotations

import os

import pytest

from sclab.lessons import journal
from sclab.lessons.journal import Prompt

ONE = (Prompt("k", "Title", "Guide"),)


def test_prompts_resolve_from_names_pairs_and_strings():
    assert journal.resolve_prompts(None) == tuple(p for group in journal.PROMPT_SETS.values() for p in group)
    assert [p.key for p in journal.resolve_prompts("friend")] == ["friend_reply", "friend_inward"]
    long = "x" * 50
    assert journal.resolve_prompts([long])[0].title == "x" * 37 + "..."
    with pytest.raises(ValueError, match="repeated: A"):
        journal.resolve_prompts([("A", "x"), ("A", "y")])


def test_preview_escapes_and_keeps_line_breaks():
    assert journal.preview_html(ONE, ["<b>a</b>\nb"]) == "<h4>Title</h4><p>&lt;b&gt;a&lt;/b&gt;<br>b</p>"
    assert "Nothing written yet" in journal.preview_html(ONE, ["   "])


def test_the_file_text_in_both_formats():
    md = journal.journal_text(ONE, [""], "markdown", title="J")
    assert md.splitlines()[:5] == ["# J", "", "## Title", "", "*Guide*"] and "(nothing written)" in md
    txt = journal.journal_text(ONE, ["mine"], "text", title="J")
    assert txt.startswith("J\n=\n") and "Title\n-----\nGuide" in txt
    with pytest.raises(ValueError, match="fmt must be one of markdown, text"):
        journal.journal_text(ONE, ["x"], "html", title="J")


def test_file_name_rules():
    assert journal.check_file_name("notes", "text") == "notes.txt"
    assert journal.check_file_name("  my letter ", "markdown") == "my letter.md"
    assert journal.check_file_name("Week 3.MD", "markdown") == "Week 3.MD"
    with pytest.raises(ValueError, match=r"ends in \.md, but the format is Plain text"):
        journal.check_file_name("notes.md", "text")
    with pytest.raises(ValueError, match="Type a file name"):
        journal.check_file_name("  ", "text")
    with pytest.raises(ValueError, match="too long"):
        journal.check_file_name("x" * 300, "text")


@pytest.mark.parametrize(
    "typed",
    [
        "../../../../tmp/x",
        "/tmp/x",
        "..",
        "../x.md",
        "sub/x.md",
        "..\\..\\x.md",
        "C:\\Users\\x.md",
        "C:x.md",
        ".hidden.md",
        "x\u202e.md",
        "x\x00.md",
        "x\n.md",
        7,
    ],
)
def test_anything_but_a_plain_file_name_is_refused_without_repeating_it(typed):
    with pytest.raises(ValueError) as info:
        journal.check_file_name(typed, "markdown")
    message = str(info.value)
    assert "tmp" not in message and "Users" not in message and "hidden" not in message


def test_the_default_folder_is_sclab_journal_beside_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert journal.check_folder(None) == journal.default_folder() == tmp_path / "sclab-journal"
    assert not (tmp_path / "sclab-journal").exists()  # made only by a save
    assert journal.write_journal(journal.check_folder(None), "a.md", "text", overwrite=False, create=True)
    assert (tmp_path / "sclab-journal").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "sclab-journal" / "a.md").stat().st_mode & 0o777 == 0o600


def test_write_never_replaces_without_overwrite(tmp_path):
    assert journal.write_journal(tmp_path, "a.md", "first", overwrite=False) == "a.md"
    with pytest.raises(ValueError, match=r"a\.md already exists in the folder") as info:
        journal.write_journal(tmp_path, "a.md", "second", overwrite=False)
    assert str(tmp_path) not in str(info.value)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "first"
    journal.write_journal(tmp_path, "a.md", "second", overwrite=True)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]  # no spare file is left
    message = journal.saved_message("a.md", tmp_path)
    assert (
        message.startswith(f"Saved as a.md in the folder {tmp_path.name},") and str(tmp_path) not in message
    )


def test_write_refuses_a_path_even_when_called_directly(tmp_path):
    with pytest.raises(ValueError, match="file name only"):
        journal.write_journal(tmp_path, "../x.md", "text", overwrite=True)
    assert not (tmp_path.parent / "x.md").exists()


@pytest.fixture
def outside(tmp_path):
    """A file outside the journal folder, and the folder."""
    (tmp_path / "outside").mkdir()
    target = tmp_path / "outside" / "target.md"
    target.write_text("not yours", encoding="utf-8")
    (tmp_path / "journal").mkdir()
    return tmp_path / "journal", target


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_link_in_the_folder_is_never_written_through(outside, overwrite):
    folder, target = outside
    (folder / "link.md").symlink_to(target)
    (folder / "dangling.md").symlink_to(target.parent / "new.md")
    for name in ("link.md", "dangling.md"):
        with pytest.raises(ValueError, match="is a link to somewhere else") as info:
            journal.write_journal(folder, name, "overwritten", overwrite=overwrite)
        assert str(folder) not in str(info.value) and str(target.parent) not in str(info.value)
    assert target.read_text(encoding="utf-8") == "not yours" and not (target.parent / "new.md").exists()
    assert (folder / "link.md").is_symlink() and (folder / "dangling.md").is_symlink()


def test_a_folder_that_is_a_link_is_refused(outside, tmp_path):
    _, target = outside
    (tmp_path / "linked").symlink_to(target.parent, target_is_directory=True)
    with pytest.raises(ValueError, match="not a link"):
        journal.check_folder(tmp_path / "linked")
    with pytest.raises(ValueError, match="folder linked is a link"):
        journal.write_journal(tmp_path / "linked", "new.md", "text", overwrite=False, create=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["target.md"]


def test_replacing_swaps_in_a_new_file_so_other_names_of_the_old_one_keep_their_text(outside):
    folder, target = outside
    os.link(target, folder / "mine.md")  # the same file under a second name, inside the folder
    journal.write_journal(folder, "mine.md", "new text", overwrite=True)
    assert (folder / "mine.md").read_text(encoding="utf-8") == "new text"
    assert target.read_text(encoding="utf-8") == "not yours"


def test_title_and_folder_are_checked(tmp_path):
    assert journal.check_title("  Week 3 ") == "Week 3"
    assert journal.check_folder(tmp_path) == tmp_path
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        journal.check_title(" ")
    with pytest.raises(ValueError, match="folder must be an existing folder; missing is not one"):
        journal.check_folder(tmp_path / "missing")
