"""The journal model: prompts, the escaped preview, the file text and the path rules, without widgets."""

from __future__ import annotations

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


def test_path_rules(tmp_path):
    assert (
        journal.resolve_save_path("notes", "text", overwrite=False, base=tmp_path) == tmp_path / "notes.txt"
    )
    with pytest.raises(ValueError, match=r"ends in \.md, but the format is Plain text"):
        journal.resolve_save_path("notes.md", "text", overwrite=False, base=tmp_path)
    with pytest.raises(ValueError, match="only be saved inside"):
        journal.resolve_save_path("../out.md", "markdown", overwrite=False, folder=tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        journal.resolve_save_path("nope/a.md", "markdown", overwrite=False, base=tmp_path)


def test_write_never_replaces_without_overwrite(tmp_path):
    path = journal.write_journal(tmp_path / "a.md", "first", overwrite=False)
    with pytest.raises(ValueError, match="already exists"):
        journal.write_journal(path, "second", overwrite=False)
    assert path.read_text(encoding="utf-8") == "first"
    journal.write_journal(path, "second", overwrite=True)
    assert path.read_text(encoding="utf-8") == "second"
    assert journal.saved_message(path).startswith(f"Saved to {path}")


def test_title_and_folder_are_checked(tmp_path):
    assert journal.check_title("  Week 3 ") == "Week 3" and journal.check_folder(None) is None
    assert journal.check_folder(tmp_path) == tmp_path
    with pytest.raises(ValueError, match="title must be a non-empty string"):
        journal.check_title(" ")
    with pytest.raises(ValueError, match="folder must be an existing folder"):
        journal.check_folder(tmp_path / "missing")
