"""The course hangs together: 00's map lists every notebook, and every notebook links on to the next."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

COURSE = Path(__file__).resolve().parents[2] / "course"
NOTEBOOKS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
LINK = re.compile(r"\]\(([0-9]{2}_[a-z0-9_]+\.ipynb)\)")


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_welcome_map_links_every_notebook_and_nothing_else():
    text = _markdown(COURSE / "00_welcome.ipynb")
    start = text.index("## The course at a glance")
    mapped = LINK.findall(text[start : text.index("## Next", start)])
    assert mapped == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS[:-1], ids=lambda p: p.name)
def test_each_notebook_links_on_to_the_next_one(path):
    following = NOTEBOOKS[NOTEBOOKS.index(path) + 1].name
    text = _markdown(path)
    nexts = [m.start() for m in re.finditer(r"\*\*Next:?\*\*|## Next", text)]
    assert nexts, f"{path.name} has no Next line"
    assert following in LINK.findall(text[nexts[-1] :]), f"{path.name}'s Next does not link to {following}"


def test_every_link_between_notebooks_names_a_notebook_that_exists():
    names = {p.name for p in NOTEBOOKS}
    for path in NOTEBOOKS:
        missing = set(LINK.findall(_markdown(path))) - names
        assert not missing, f"{path.name} links to {sorted(missing)}"
