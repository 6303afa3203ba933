"""The notebooks' prose reads at a first-year student's level (textstat's Flesch-Kincaid grade).

Measured on 2026-12-01: 7.0 (00) to 10.1 (04). The report a student reads about their own scores
is held to grade 9 (tests/lessons/test_report_reading_level.py); the teaching prose, which has to
name methods such as "hierarchical regression", is held to grade 11: a notebook that climbs past it
needs plainer sentences, not a higher bound.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import textstat

COURSE = Path(__file__).resolve().parents[2] / "course"
NOTEBOOKS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
MAX_GRADE = 11.0


def prose(path: Path) -> str:
    """The notebook's markdown as running text: no references, headings, tables, code or link targets."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = text.split("## References")[0]
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("|", "#"))]
    return re.sub(r"[*_>]", "", "\n".join(lines))


def test_the_measure_tells_plain_from_dense_prose():
    plain = "Be kind to yourself. Everyone makes mistakes. You can try again tomorrow. " * 5
    dense = (
        "Hierarchical regression quantifies incremental validity by comparing the proportion of "
        "variance explained before and after the introduction of additional theoretically motivated "
        "predictors into an ordinary least squares specification. "
    ) * 3
    assert textstat.flesch_kincaid_grade(plain) < 4 < MAX_GRADE < textstat.flesch_kincaid_grade(dense)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_reads_at_grade_eleven_or_below(path):
    text = prose(path)
    assert len(text.split()) > 150, f"{path.name}: too little prose found to measure"
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{path.name}: Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}"
