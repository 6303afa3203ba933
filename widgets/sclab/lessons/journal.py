"""The model behind :class:`~sclab.ui.reflection_journal.ReflectionJournal`; no ipywidgets here.

Prompts (our own wording), the escaped HTML preview, the file text (Markdown or plain text) and the
rules for the path a student types. Nothing here writes a file except :func:`write_journal`.

>>> [p.key for p in resolve_prompts("letter")]
['letter']
>>> preview_html(resolve_prompts("letter"), ["<script>alert(1)</script>"]).count("&lt;script&gt;")
1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

__all__ = [
    "FORMATS",
    "PROMPT_SETS",
    "Prompt",
    "check_folder",
    "check_title",
    "journal_text",
    "preview_html",
    "resolve_prompts",
    "resolve_save_path",
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


def check_folder(folder: str | Path | None) -> Path | None:
    """The folder files must be saved in (None: anywhere); a ValueError unless it exists."""
    if folder is None:
        return None
    if not Path(folder).is_dir():
        raise ValueError(f"folder must be an existing folder; {folder!s} is not one")
    return Path(folder)


def saved_message(path: Path) -> str:
    return f"Saved to {path}, on the computer that runs this notebook. The course keeps no copy."


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


def resolve_save_path(
    typed: str, fmt: str, *, overwrite: bool, base: Path | None = None, folder: Path | None = None
) -> Path:
    """The file a typed path means, or ``ValueError`` stating the rule it breaks.

    Relative paths start at ``base`` (default: the current folder). A path without a suffix gets the
    format's (``.md`` or ``.txt``); a different suffix is refused. The folder must exist; an existing
    file is refused unless ``overwrite``. With ``folder`` set (e.g. on a shared Voila server), the
    file must lie inside that folder.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}; got {fmt!r}")
    typed = (typed or "").strip()
    if not typed:
        raise ValueError("Type a file name to save to, for example my_letter.md.")
    suffix, label = FORMATS[fmt]
    path = Path(typed).expanduser()
    start = Path(folder) if folder is not None else (base or Path.cwd())
    if not path.is_absolute():
        path = start / path
    if path.suffix == "":
        path = path.with_name(path.name + suffix)
    elif path.suffix.lower() != suffix:
        raise ValueError(
            f"The file name ends in {path.suffix}, but the format is {label}: end it in {suffix} "
            "or choose the other format."
        )
    if folder is not None:
        inside = Path(folder).resolve()
        if not path.resolve().is_relative_to(inside):
            raise ValueError(f"Files can only be saved inside {inside}; {typed} is outside it.")
    if not path.parent.is_dir():
        raise ValueError(f"The folder {path.parent} does not exist. Create it first, or type another path.")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; type a file name.")
    if path.exists() and not overwrite:
        raise ValueError(
            f"{path.name} already exists in {path.parent}. Tick 'Replace an existing file' to overwrite "
            "it, or type another name."
        )
    return path


def write_journal(path: Path, text: str, *, overwrite: bool) -> Path:
    """Write ``text`` to ``path`` (UTF-8). Without ``overwrite`` an existing file is never touched."""
    try:
        with open(path, "w" if overwrite else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ValueError(
            f"{path.name} already exists; tick 'Replace an existing file' or type another name."
        ) from None
    except OSError as exc:
        raise ValueError(f"Could not save to {path}: {exc.strerror or exc}.") from None
    return path
