"""The model behind :class:`~sclab.ui.reflection_journal.ReflectionJournal`; no ipywidgets here.

Prompts (our own wording), the escaped HTML preview, the file text (Markdown or plain text) and the
rules for the file name a student types. Nothing here writes a file except :func:`write_journal`.

The journal stays in its folder. A student types a file name, never a path: names with folder
parts, a drive, a leading dot or control characters are refused. The folder is the one the notebook
gives, or ``sclab-journal`` beside the notebook (also under Voila, where nobody passes one). No
link is followed, the folder's or the file's; an existing file is kept unless Replace is ticked, and
replacing swaps in a new file rather than writing through the old one. Messages name the file and
the folder's own name, never a full path.

>>> [p.key for p in resolve_prompts("letter")]
['letter']
>>> preview_html(resolve_prompts("letter"), ["<script>alert(1)</script>"]).count("&lt;script&gt;")
1
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

__all__ = [
    "DEFAULT_FOLDER_NAME",
    "FORMATS",
    "PROMPT_SETS",
    "Prompt",
    "check_file_name",
    "check_folder",
    "check_title",
    "default_folder",
    "journal_text",
    "preview_html",
    "resolve_prompts",
    "saved_message",
    "write_journal",
]


@dataclass(frozen=True)
class Prompt:
    """One writing prompt: a ``key``, a short ``title`` (the text area's label) and the ``guidance``."""

    key: str
    title: str
    guidance: str


#: The course's prompts, by practice. Written for the course; not taken from any published material.
PROMPT_SETS: dict[str, tuple[Prompt, ...]] = {
    "letter": (
        Prompt(
            "letter",
            "Letter from a friend",
            "Pick something about yourself that you tend to judge harshly: nothing overwhelming, "
            "something middle-sized. Now picture a friend who knows this about you, accepts you "
            "completely and wants good things for you. Write to yourself in that friend's voice. "
            "What would they say about it? How would they remind you that everyone has something "
            "like this? What small change might they encourage, and how would they say it?",
        ),
    ),
    "friend": (
        Prompt(
            "friend_reply",
            "What you would say",
            "Imagine the student-athlete in the case above is a close friend of yours, and he has "
            "just told you all of this. Write what you would say to him, in the words you would "
            "actually use.",
        ),
        Prompt(
            "friend_inward",
            "Turning it inward",
            "Think of a mistake of your own, one you are willing to look at today. How did you talk "
            "to yourself about it? Write one or two sentences you could say to yourself in the tone "
            "you just used for your friend.",
        ),
    ),
    "journaling": (
        Prompt(
            "noticed",
            "What happened",
            "Describe a moment today when you felt you fell short, or something hurt. Write it "
            "plainly, the way a calm observer would: what happened, what you felt, without adding "
            "verdicts.",
        ),
        Prompt(
            "shared",
            "Shared by others",
            "In what ways is this a very human experience? Who else might have felt something "
            "similar in a situation like yours?",
        ),
        Prompt(
            "kinder",
            "A kinder voice",
            "Write a few sentences to yourself in the voice of someone who cares about you: warm, "
            "honest, and on your side.",
        ),
    ),
}

#: format -> (file suffix, label)
FORMATS = {"markdown": (".md", "Markdown (.md)"), "text": (".txt", "Plain text (.txt)")}
_MAX_PROMPTS = 12
_EMPTY = "(nothing written)"

#: The folder the journal saves into when the notebook names none (see :func:`default_folder`).
DEFAULT_FOLDER_NAME = "sclab-journal"
_MAX_NAME_BYTES = 200  # below every file system's 255, leaving room for the replace's spare name
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Writing by folder descriptor (POSIX) keeps the folder that was checked the one written in.
_BY_DESCRIPTOR = {os.open, os.stat, os.rename, os.unlink} <= os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


def resolve_prompts(prompts=None) -> tuple[Prompt, ...]:
    """The prompts to show.

    ``None``: every prompt of :data:`PROMPT_SETS`; a set's name (``"letter"``, ``"friend"``,
    ``"journaling"``); or a sequence whose items are :class:`Prompt`, ``(title, guidance)`` pairs or
    plain strings (the string is the guidance and, shortened, the title).

    >>> [p.title for p in resolve_prompts([("My week", "What went well?"), "Anything else?"])]
    ['My week', 'Anything else?']
    """
    if prompts is None:
        return tuple(p for group in PROMPT_SETS.values() for p in group)
    if isinstance(prompts, str):
        if prompts not in PROMPT_SETS:
            raise ValueError(
                f"prompts must be one of {', '.join(map(repr, PROMPT_SETS))} or a list of prompts; "
                f"got {prompts!r}"
            )
        return PROMPT_SETS[prompts]
    if not isinstance(prompts, Sequence) or not 1 <= len(prompts) <= _MAX_PROMPTS:
        raise ValueError(f"prompts must be a list of 1 to {_MAX_PROMPTS} prompts; got {prompts!r}")
    out: list[Prompt] = []
    for i, item in enumerate(prompts):
        if isinstance(item, Prompt):
            prompt = item
        elif isinstance(item, str):
            title = item if len(item) <= 40 else item[:37].rstrip() + "..."
            prompt = Prompt(f"prompt_{i + 1}", title, item)
        elif isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(t, str) for t in item):
            prompt = Prompt(f"prompt_{i + 1}", item[0], item[1])
        else:
            raise ValueError(
                f"prompts[{i}] must be a Prompt, a (title, guidance) pair of strings or a string; "
                f"got {item!r}"
            )
        if not prompt.title.strip() or not prompt.guidance.strip():
            raise ValueError(f"prompts[{i}] needs a title and guidance that are not empty")
        out.append(prompt)
    titles = [p.title for p in out]
    repeated = sorted({t for t in titles if titles.count(t) > 1})
    if repeated:
        raise ValueError(f"prompts must have different titles; repeated: {', '.join(repeated)}")
    return tuple(out)


def check_title(title: object) -> str:
    """The journal's title, stripped; a ValueError unless it is a non-empty string."""
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must be a non-empty string; got {title!r}")
    return title.strip()


def default_folder() -> Path:
    """Where the journal saves when the notebook names no folder: ``sclab-journal`` in the current folder.

    The kernel's current folder is the notebook's folder, in JupyterLab and under Voila alike, so a
    student finds the file beside the notebook. It is made (private to its owner) on the first Save.
    """
    return Path.cwd() / DEFAULT_FOLDER_NAME


def check_folder(folder: str | Path | None) -> Path:
    """The folder files are saved in (None: :func:`default_folder`); a ValueError unless it is a folder.

    A folder the notebook names must exist and must not itself be a link.
    """
    if folder is None:
        return default_folder()
    if not isinstance(folder, (str, Path)) or not str(folder).strip():
        raise ValueError(f"folder must be the path of an existing folder; got {folder!r}")
    path = Path(folder)
    if path.is_symlink():
        raise ValueError(f"folder must be a folder, not a link; {path.name} is a link")
    if not path.is_dir():
        raise ValueError(f"folder must be an existing folder; {path.name} is not one")
    return path


def check_file_name(typed: object, fmt: str) -> str:
    """The file name a student typed, with the format's suffix; ``ValueError`` stating the rule it breaks.

    Only a plain name is accepted: no folder parts (``/`` or ``\\``), no drive (``:``), no leading dot
    (so neither ``..`` nor a hidden file) and no control characters. The messages never repeat what
    was typed, so they cannot show a path.

    >>> check_file_name("my letter", "markdown"), check_file_name("notes.txt", "text")
    ('my letter.md', 'notes.txt')
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    name = typed.strip() if isinstance(typed, str) else ""
    if not name:
        raise ValueError("Type a file name to save to, for example my_letter.md.")
    if any(c in name for c in "/\\:"):
        raise ValueError(
            "Type a file name only, without folders or a drive ('/', '\\' and ':' are not allowed): "
            "the journal saves into its own folder."
        )
    if name.startswith("."):
        raise ValueError("A file name cannot begin with '.'; type a name such as my_letter.md.")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ValueError("The file name has an invisible or control character; type it again.")
    suffix, label = FORMATS[fmt]
    _, dot, ending = name.rpartition(".")
    if not dot:
        name += suffix
    elif "." + ending.lower() != suffix:
        raise ValueError(
            f"The file name ends in .{ending}, but the format is {label}: end it in {suffix} "
            "or choose the other format."
        )
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise ValueError(f"The file name is too long: keep it under {_MAX_NAME_BYTES // 4} characters.")
    return name


def saved_message(name: str, folder: Path) -> str:
    """What the student is told after a save: the file name and the folder's name, never a full path.

    >>> saved_message("a.md", Path("/home/x/course/sclab-journal"))[:41]
    'Saved as a.md in the folder sclab-journal'
    """
    return (
        f"Saved as {name} in the folder {folder.name}, on the computer that runs this notebook. "
        "The course keeps no copy."
    )


def preview_html(prompts: Sequence[Prompt], texts: Sequence[str]) -> str:
    """What the student wrote, as HTML: every piece of text escaped, line breaks kept.

    >>> preview_html([Prompt("k", "Title", "Guide")], ["a & b\\nc"])
    '<h4>Title</h4><p>a &amp; b<br>c</p>'
    """
    parts = []
    for prompt, text in zip(prompts, texts, strict=True):
        if text.strip():
            body = "<br>".join(escape(line) for line in text.strip().splitlines())
            parts.append(f"<h4>{escape(prompt.title)}</h4><p>{body}</p>")
    return "".join(parts) or "<p><em>Nothing written yet.</em></p>"


def journal_text(prompts: Sequence[Prompt], texts: Sequence[str], fmt: str, *, title: str) -> str:
    """The file's text in ``fmt`` (``"markdown"`` or ``"text"``): each prompt, its guidance, the answer.

    >>> print(journal_text([Prompt("k", "Title", "Guide")], ["Mine"], "markdown", title="Journal"))
    # Journal
    <BLANKLINE>
    ## Title
    <BLANKLINE>
    *Guide*
    <BLANKLINE>
    Mine
    <BLANKLINE>
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    lines: list[str] = []
    if fmt == "markdown":
        lines += [f"# {title}", ""]
        for prompt, text in zip(prompts, texts, strict=True):
            lines += [f"## {prompt.title}", "", f"*{prompt.guidance}*", "", text.strip() or _EMPTY, ""]
    else:
        lines += [title, "=" * len(title), ""]
        for prompt, text in zip(prompts, texts, strict=True):
            lines += [prompt.title, "-" * len(prompt.title), prompt.guidance, "", text.strip() or _EMPTY, ""]
    return "\n".join(lines)


def _open_folder(folder: Path, create: bool) -> int | None:
    """A descriptor of ``folder`` that was opened without following a link (None where the system
    cannot write by descriptor); with ``create``, a missing folder is made, private to its owner."""
    if create and not os.path.lexists(folder):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise ValueError(f"Could not make the folder {folder.name}: {_reason(exc)}.") from None
    if os.path.islink(folder):
        raise _link_error(folder.name, "folder")
    if not _BY_DESCRIPTOR:
        if not folder.is_dir():
            raise ValueError(f"The folder {folder.name} is gone; make it again or restart the notebook.")
        return None
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _link_error(folder.name, "folder") from None
        raise ValueError(f"Could not open the folder {folder.name}: {_reason(exc)}.") from None


def _reason(exc: OSError) -> str:
    """The system's reason (e.g. "Permission denied"), never the path it names."""
    return exc.strerror or type(exc).__name__


def _link_error(name: str, what: str) -> ValueError:
    return ValueError(
        f"The {what} {name} is a link to somewhere else, and the journal never writes through links. "
        + ("Type another name." if what == "file" else "Remove the link, or give the journal another folder.")
    )


def _write_new(where: str, text: str, dir_fd: int | None) -> None:
    """Create ``where`` (never an existing file or link) and write ``text`` to it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
    handle = os.open(where, flags, 0o600, dir_fd=dir_fd)
    try:
        with open(handle, "w", encoding="utf-8") as out:
            out.write(text)
    except (OSError, UnicodeError):
        os.unlink(where, dir_fd=dir_fd)  # no half-written file is left behind
        raise


def write_journal(folder: Path, name: str, text: str, *, overwrite: bool, create: bool = False) -> str:
    """Write ``text`` (UTF-8) as the file ``name`` in ``folder``; return ``name``. ``ValueError`` if not.

    ``name`` must pass :func:`check_file_name`; ``create`` makes ``folder`` if it is missing (for the
    default folder). No link is followed: not the folder, not the file.
    Without ``overwrite`` an existing file is never touched (the file is created exclusively). With
    it, the text is written to a new file in the folder that then takes the old one's place, so a
    replaced file's other names (hard links) keep the old text and nothing outside changes.
    """
    name = check_file_name(name, "markdown" if name.lower().endswith(".md") else "text")
    fd = _open_folder(folder, create)
    at = name if fd is not None else str(folder / name)
    try:
        try:
            found = os.stat(at, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            found = None
        if found is not None and stat.S_ISLNK(found.st_mode):
            raise _link_error(name, "file")
        if found is not None and not stat.S_ISREG(found.st_mode):
            raise ValueError(f"{name} in the folder {folder.name} is not a file; type another name.")
        if found is not None and not overwrite:
            raise FileExistsError
        if found is None:
            _write_new(at, text, fd)
            return name
        spare = f".{name}.{secrets.token_hex(6)}.part"
        spare_at = spare if fd is not None else str(folder / spare)
        _write_new(spare_at, text, fd)
        try:
            if fd is None:
                os.replace(spare_at, at)
            else:  # a rename replaces the entry: it never writes through a link or into the old file
                os.rename(spare, name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError:
            os.unlink(spare_at, dir_fd=fd)
            raise
    except FileExistsError:
        raise ValueError(
            f"{name} already exists in the folder {folder.name}. Tick 'Replace an existing file' to "
            "overwrite it, or type another name."
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _link_error(name, "file") from None
        raise ValueError(f"Could not save {name}: {_reason(exc)}.") from None
    finally:
        if fd is not None:
            os.close(fd)
    return name
