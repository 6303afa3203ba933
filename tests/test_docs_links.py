"""The readers' guides hang together: the top-level README (quick start, map, development), the
students' guide (course/README.md) and the instructors' guide (course/dashboards/README.md).

Every relative link leads to a file that exists and, with a ``#fragment``, to a heading there (as
GitHub names heading anchors); the README's quick start still holds the course command and the test
command that ``.ci/run`` runs; the students' map lists the same notebooks, under the same titles, as
the map in ``00_welcome.ipynb``.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
STUDENTS = ROOT / "course" / "README.md"
INSTRUCTORS = ROOT / "course" / "dashboards" / "README.md"
GUIDES = [README, STUDENTS, INSTRUCTORS]
#: The quick start's course command, unchanged since the course began (the test command is read from .ci/run).
COURSE_COMMAND = 'python3 -m venv .venv && .venv/bin/pip install -e ".[course]" && .venv/bin/sclab lab'
NOTEBOOK = re.compile(r"[0-9]{2}_[a-z0-9_]+\.ipynb")


def _tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _inline_text(token: Token) -> str:
    """What a heading or link shows: its text and code spans, without markup."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


def slug(title: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens.

    >>> slug("Past one machine: JupyterHub and a shared PostgreSQL store")
    'past-one-machine-jupyterhub-and-a-shared-postgresql-store'
    >>> slug("Scoring a class's survey export")
    'scoring-a-classs-survey-export'
    """
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a markdown file (a repeated title gets -1, -2, ... as on GitHub)."""
    tokens = _tokens(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        base = slug(_inline_text(inline))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def links(text: str) -> list[tuple[str, str]]:
    """(text, href) of every markdown link, tables included."""
    found = []
    for token in _tokens(text):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                shown = []
                for c in children[i + 1 :]:
                    if c.type == "link_close":
                        break
                    shown.append(c.content)
                found.append(("".join(shown), str(child.attrGet("href"))))
    return found


def section(text: str, title: str) -> str:
    """The markdown under the level-2 heading ``title``, up to the next level-2 heading."""
    start = re.search(rf"^## {re.escape(title)}\n", text, re.M)
    assert start, f"no '## {title}' heading"
    end = re.compile(r"^## ", re.M).search(text, start.end())
    return text[start.end() : end.start() if end else len(text)]


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(guide):
    relative = [(t, h) for t, h in links(guide.read_text(encoding="utf-8")) if not urlsplit(h).scheme]
    assert relative, f"{guide.name} links to nothing in the repository"
    broken = []
    for shown, href in relative:
        parts = urlsplit(href)
        target = (guide.parent / unquote(parts.path)).resolve() if parts.path else guide
        if not target.is_file() or not target.is_relative_to(ROOT):
            broken.append(f"[{shown}]({href}): no such file")
        elif parts.fragment and (target.suffix != ".md" or parts.fragment not in anchors(target)):
            broken.append(f"[{shown}]({href}): no heading #{parts.fragment} in {target.name}")
    assert not broken, f"{guide.relative_to(ROOT)}: " + "; ".join(broken)


def _bash_lines(markdown: str) -> list[str]:
    """The command lines (not comments) of the ```bash blocks in ``markdown``, in order."""
    blocks = [t.content for t in _tokens(markdown) if t.type == "fence" and t.info.strip() == "bash"]
    return [
        ln.strip() for b in blocks for ln in b.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def test_the_quick_start_holds_a_clone_line_then_the_course_and_ci_test_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [ln for ln in ci.splitlines() if ln.startswith("python3 -m venv .venv && ")]
    assert len(runs) == 1, f".ci/run should run one set-up-and-test command; found {runs}"
    test_command = re.sub(r"(pip install) -q ", r"\1 ", runs[0])  # CI keeps pip quiet; the README need not
    commands = _bash_lines(section(README.read_text(encoding="utf-8"), "Quick start"))
    assert commands[0].startswith("git clone "), (
        f"the quick start should open with the clone line; got {commands[0]}"
    )
    assert commands[1:3] == [COURSE_COMMAND, test_command], commands


def test_the_conda_note_gives_environment_yml_s_own_command_and_its_editable_install():
    env_file = (ROOT / "environment.yml").read_text(encoding="utf-8")
    said = re.search(r"^# Conda users: (.+)$", env_file, re.M)
    assert said, "environment.yml's first comment should give the conda command"
    assert said.group(1).strip() in _bash_lines(section(README.read_text(encoding="utf-8"), "Quick start"))
    pip = next(d["pip"] for d in yaml.safe_load(env_file)["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip, "the README says environment.yml installs this folder in editable mode"


def _welcome_map() -> list[tuple[str, str]]:
    cells = json.loads((ROOT / "course" / "00_welcome.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return [(t, h) for t, h in links(section(text + "\n", "The course at a glance")) if NOTEBOOK.fullmatch(h)]


def test_the_students_map_lists_the_notebooks_of_00s_map_under_the_same_titles():
    ours = [(t, h) for t, h in links(section(STUDENTS.read_text(encoding="utf-8"), "The notebooks"))]
    on_disk = sorted(p.name for p in (ROOT / "course").glob("[0-9][0-9]_*.ipynb"))
    assert [h for _, h in ours] == on_disk
    assert ours == _welcome_map()
