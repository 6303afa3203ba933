"""A check of understanding on a 360 px phone, by keyboard: nothing wider than the screen, options apart.

Notebook 01 (a care note and its check, nothing else) is rendered by Voila with the same template and
settings as ``sclab serve`` (:func:`sclab.classroom.serving.voila_argv`), and opened in Debian's
Chromium at 360 x 740 CSS px. The finding this guards against: on a 390 px phone the options of a
check printed on top of each other (radio labels kept one line's height while their text wrapped).
"""

from __future__ import annotations

import pytest

from sclab.lessons.knowledge_check import load_check
from sclab.resources import shipped
from support.voila_server import need_chromium, voila_on

pytestmark = pytest.mark.e2e

NOTEBOOK = "01_what_is_self_compassion"
PHONE = {"width": 360, "height": 740}
WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the notebook before widgets appear

#: Every option of the check: the box its label and text really cover (the text may spill out of a label
#: of fixed height, which is what printed options over each other), and whether the text fits the label.
_OPTION_BOXES = """() => [...document.querySelectorAll('.sclab-knowledge-check .widget-radio-box label')]
  .map(l => { const r = l.getBoundingClientRect(), range = document.createRange();
              range.selectNodeContents(l);
              const t = range.getBoundingClientRect();
              return {text: l.textContent.trim(), height: r.height,
                      left: Math.min(r.left, t.left), right: Math.max(r.right, t.right),
                      top: Math.min(r.top, t.top), bottom: Math.max(r.bottom, t.bottom),
                      fits: l.scrollHeight <= l.clientHeight + 1}; })"""
#: The page's scroll width, Voila's own scrolling area's, and the screen's.
_PAGE_WIDTHS = """() => [document.documentElement.scrollWidth,
  (document.getElementById('rendered_cells') || document.documentElement).scrollWidth, window.innerWidth]"""
#: Elements of the check whose content is wider than their box (cut off, or scrolling sideways).
_WIDER_THAN_THEIR_BOX = """() => [document.querySelector('.sclab-knowledge-check'),
  ...document.querySelectorAll('.sclab-knowledge-check *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => [e.tagName, e.className.toString(), e.scrollWidth, e.clientWidth])"""

_FOCUSED = """() => { const el = document.activeElement;
  const label = el && el.closest('.sclab-knowledge-check label');
  return {tag: el ? el.tagName : '', type: (el && el.type) || '', text: (el && el.textContent || '').trim(),
          label: label ? label.textContent.trim() : ''}; }"""


@pytest.fixture(scope="module")
def course_voila():
    """Voila on the course folder (no preheated kernels), stopped with its kernels at the end."""
    need_chromium()
    with voila_on(shipped("course")) as base:
        yield f"{base}/voila/render/{NOTEBOOK}.ipynb"


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def _overlaps(a: dict, b: dict) -> bool:
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def _tab_to(page, wanted, limit: int = 80) -> int:
    """Press Tab until ``wanted(focused)`` holds; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if wanted(page.evaluate(_FOCUSED)):
            return presses
    pytest.fail(f"nothing wanted reached in {limit} Tab presses (last: {page.evaluate(_FOCUSED)})")


def test_a_check_on_a_phone_fits_keeps_options_apart_and_works_by_keyboard(course_voila, phone, artifacts):
    questions = load_check(NOTEBOOK).questions
    phone.goto(course_voila, timeout=WIDGETS_TIMEOUT)
    phone.wait_for_selector(".sclab-knowledge-check .widget-radio-box label", timeout=WIDGETS_TIMEOUT)
    phone.get_by_text("Options in a shuffled order (seed ").wait_for(timeout=30_000)

    assert (
        phone.evaluate(_PAGE_WIDTHS) == [PHONE["width"]] * 3
    )  # page and Voila's scroller: no sideways scroll
    assert phone.evaluate(_WIDER_THAN_THEIR_BOX) == []  # nothing in the check is cut or scrolls sideways
    boxes = phone.evaluate(_OPTION_BOXES)
    assert len(boxes) == sum(len(q.choices or []) for q in questions)
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], box
        assert box["height"] >= 44 and box["fits"], box  # a touch target, its text inside it
    overlapping = [
        (a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _overlaps(a, b)
    ]
    assert overlapping == []
    longest = max(boxes, key=lambda b: len(b["text"]))
    assert longest["height"] > min(b["height"] for b in boxes)  # the long option wraps onto more lines

    # by keyboard: question 1's correct option, its Check button, then the typed answer of question 3
    first = questions[0]
    _tab_to(phone, lambda f: f["type"] == "radio" and f["label"] == first.correct)
    phone.keyboard.press("Space")
    _tab_to(phone, lambda f: f["tag"] == "BUTTON" and f["text"] == "Check")
    phone.keyboard.press("Enter")
    check = phone.locator(".sclab-knowledge-check")
    check.get_by_text("Correct.").first.wait_for(timeout=30_000)
    assert check.get_by_text(first.explanation.split(".")[0], exact=False).first.is_visible()
    _tab_to(phone, lambda f: f["tag"] == "INPUT" and f["type"] == "text")
    phone.keyboard.type("Being kind to myself")
    phone.keyboard.press("Tab")
    assert phone.evaluate(_FOCUSED)["text"] == "Check"
    phone.keyboard.press("Enter")
    check.get_by_text("Score: 2 of 5 correct").wait_for(timeout=30_000)
    assert (
        phone.evaluate(_PAGE_WIDTHS) == [PHONE["width"]] * 3 and phone.evaluate(_WIDER_THAN_THEIR_BOX) == []
    )
    # Voila scrolls inside #rendered_cells, so a full-page shot shows one screen: make the screen as tall as
    # the page (its width stays 360 px) to keep the whole check in the picture
    tall = phone.evaluate("() => document.getElementById('rendered_cells').scrollHeight")
    phone.set_viewport_size({"width": PHONE["width"], "height": tall + 40})
    phone.screenshot(path=str(artifacts / "knowledge_check_phone.png"), full_page=True)
