"""The student page's inventory on a 360 px phone: nothing wider than the screen, five answers on a line.

The findings this guards against (a 390 px phone, before :class:`~sclab.ui._item_choice.ItemChoice`):
the five answers wrapped 2-2-1, answer buttons were 117 x 28 CSS px, the focus outline was a faint
1 px line, "Use a fictional persona" was squeezed to a 20 px sliver and "Use a simulated respon..."
was cut. Screenshots at 360 px and 1280 px are kept in tests/e2e/artifacts/.
"""

from __future__ import annotations

import json

import pytest

from support.voila_server import running_server

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the dashboard before widgets appear
N_ITEMS = 24

#: Per item: the box of each answer option (CSS px), and whether its parts fit inside the screen.
_ITEMS = """() => [...document.querySelectorAll('.sclab-item')].map(item =>
  [...item.querySelectorAll('.sclab-answer')].map(o => { const r = o.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, width: r.width, height: r.height}; }))"""

#: A button of the page by its label: its box and whether its whole label shows (nothing cut).
_BUTTON = """label => {
  const b = [...document.querySelectorAll('button')].find(x => x.textContent.trim() === label);
  const r = b.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width, height: r.height,
          whole: b.scrollWidth <= b.clientWidth + 1}; }"""

#: The focused element: whether it is an answer option (of which item), its computed outline, and
#: whether an ancestor that clips its content cuts the ring off.
_FOCUS = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  const ring = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset); const r = el.getBoundingClientRect();
  let clipped = false;
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (getComputedStyle(a).overflow === 'visible') continue;
    const c = a.getBoundingClientRect();
    clipped = clipped || r.left - ring < c.left - 0.5 || r.right + ring > c.right + 0.5;
  }
  const item = el.closest('.sclab-item');
  return {answer: el.classList.contains('sclab-answer'), style: s.outlineStyle, clipped,
          width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset),
          item: item ? parseInt(item.querySelector('.sclab-item-text strong').textContent) : null}; }"""

#: Item texts that do not fit their box (cut instead of wrapped), and how many wrap onto more lines.
_TEXTS = """() => { const texts = [...document.querySelectorAll('.sclab-item-text')];
  return {cut: texts.filter(t => t.scrollWidth > t.clientWidth + 1).length,
          wrapped: texts.filter(t => t.getBoundingClientRect().height
                                     > 1.6 * parseFloat(getComputedStyle(t).lineHeight)).length}; }"""

_CHOSEN = """() => { const el = document.querySelector('.sclab-answer[aria-checked="true"]');
  if (!el) return null; const s = getComputedStyle(el);
  return {value: el.dataset.value, border: parseFloat(s.borderTopWidth), bold: parseInt(s.fontWeight),
          check: getComputedStyle(el.querySelector('.sclab-mark')).visibility}; }"""


def _widths(page) -> list[int]:
    """The page's scroll width (the document's, or Voila's scrolling cell area's if wider) and width."""
    return page.evaluate("""() => { const cells = document.getElementById('rendered_cells');
      const wide = Math.max(document.documentElement.scrollWidth, cells ? cells.scrollWidth : 0);
      return [wide, window.innerWidth]; }""")


def _shot(page, path, target=None) -> None:
    """A screenshot of the screen, ``target`` scrolled into view (Voila scrolls its cells, not the page)."""
    if target is None:
        page.evaluate(
            "() => { const c = document.getElementById('rendered_cells'); if (c) c.scrollTop = 0; }"
        )
    else:
        target.scroll_into_view_if_needed()
    page.screenshot(path=str(path))


def test_the_inventory_on_a_phone_fits_keeps_answers_on_a_line_and_shows_focus(browser, server, artifacts):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(server.url("take_the_scale"), timeout=WIDGETS_TIMEOUT)
        page.wait_for_function(
            f"() => document.querySelectorAll('.sclab-item').length >= {N_ITEMS}", timeout=WIDGETS_TIMEOUT
        )
        page.get_by_role("button", name="Submit answers").wait_for(timeout=30_000)
        assert _widths(page) == [PHONE["width"]] * 2, "the page is wider than the phone"

        items = page.evaluate(_ITEMS)
        assert len(items) == N_ITEMS and all(len(options) == 5 for options in items)
        sizes = [(o["width"], o["height"]) for options in items for o in options]
        assert min(w for w, _ in sizes) >= 44 and min(h for _, h in sizes) >= 44, min(sizes)
        for options in items:
            assert max(o["top"] for o in options) - min(o["top"] for o in options) < 1  # one line
            assert options[0]["left"] >= 0 and options[-1]["right"] <= PHONE["width"]

        texts = page.evaluate(_TEXTS)
        assert texts["cut"] == 0 and texts["wrapped"] > 0, texts  # long items wrap onto more lines
        buttons = {}
        for label in ("Use a fictional persona", "Use a simulated respondent", "Submit answers"):
            box = buttons[label] = page.evaluate(_BUTTON, label)
            assert box["whole"] and box["height"] >= 44, (label, box)
            assert box["left"] >= 0 and box["right"] <= PHONE["width"], (label, box)
        measured = {
            "scroll_width_at_360": _widths(page)[0],
            "smallest_option_css_px": [min(w for w, _ in sizes), min(h for _, h in sizes)],
            "buttons_css_px": {k: [round(v["width"]), round(v["height"])] for k, v in buttons.items()},
        }

        # by keyboard: Tab to the first item's group, see the ring, answer it with a number key
        for _ in range(40):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS)
            if focus["answer"]:
                break
        else:
            pytest.fail("Tab never reached an answer option")
        assert focus["style"] == "solid" and focus["width"] >= 2 and not focus["clipped"], focus
        assert focus["item"] == 1
        page.keyboard.press("Space")  # chooses the option with focus, the first
        page.get_by_text("Your answer: 1 (Almost never)").wait_for(timeout=30_000)
        assert page.evaluate(_CHOSEN)["value"] == "1" and page.evaluate(_FOCUS)["item"] == 1
        page.keyboard.press("3")  # a number answers the item and moves on
        page.get_by_text("Your answer: 3 (Sometimes)").wait_for(timeout=30_000)
        chosen = page.evaluate(_CHOSEN)
        assert chosen == {"value": "3", "border": 3.0, "bold": 700, "check": "visible"}, chosen
        moved = page.evaluate(_FOCUS)
        assert (
            moved["item"] == 2 and moved["width"] >= 2 and not moved["clipped"]
        )  # on to item 2, ring and all

        # by touch: item 2, answer 5
        page.locator(".sclab-item").nth(1).locator(".sclab-answer").nth(4).tap()
        page.get_by_text("Your answer: 5 (Almost always)").wait_for(timeout=30_000)
        page.get_by_text("2 of 24 answered").wait_for(timeout=30_000)
        _shot(page, artifacts / "questionnaire_phone_360_top.png")
        _shot(page, artifacts / "questionnaire_phone_360_items.png", page.locator(".sclab-item").first)
        _shot(page, artifacts / "questionnaire_phone_360_end.png", page.get_by_text("Clear all answers"))

        page.set_viewport_size(DESKTOP)
        page.wait_for_timeout(500)
        assert _widths(page) == [DESKTOP["width"]] * 2
        words = page.locator(".sclab-item").first.locator(".sclab-word").first
        assert words.is_visible() and words.inner_text() == "Almost never"  # room for the words in the boxes
        measured["scroll_width_at_1280"] = _widths(page)[0]
        (artifacts / "questionnaire_phone.json").write_text(json.dumps(measured, indent=1), encoding="utf-8")
        _shot(page, artifacts / "questionnaire_desktop_1280_top.png")
        _shot(page, artifacts / "questionnaire_desktop_1280_end.png", page.get_by_text("Clear all answers"))
    finally:
        ctx.close()


def test_item_by_item_a_number_key_answers_and_brings_the_next_item_with_focus(
    browser, store_url, artifacts, _private_config
):
    _private_config.write_text("questionnaire_mode: item_by_item\n", encoding="utf-8")  # the course setting
    with running_server(store_url, preheat=False) as srv:
        ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        page = ctx.new_page()
        try:
            page.goto(srv.url("take_the_scale"), timeout=WIDGETS_TIMEOUT)
            page.wait_for_selector(".sclab-answer", timeout=WIDGETS_TIMEOUT)
            page.get_by_text("Item 1 of 24").wait_for(timeout=30_000)
            presses = 1
            page.keyboard.press("Tab")
            while not page.evaluate(_FOCUS)["answer"]:
                assert presses < 40, "Tab never reached the item"
                page.keyboard.press("Tab")
                presses += 1
            for n, key in ((1, "4"), (2, "2"), (3, "5")):
                assert page.evaluate(_FOCUS)["item"] == n
                assert page.locator(".sclab-item").count() == 1  # one item at a time
                page.keyboard.press(key)
                page.get_by_text(f"Item {n + 1} of 24").wait_for(timeout=30_000)
                page.wait_for_function(
                    "n => { const i = document.activeElement.closest('.sclab-item');"
                    " return !!i && i.querySelector('strong').textContent === n + '.'; }",
                    arg=n + 1,
                    timeout=30_000,
                )
            page.get_by_text("3 of 24 answered").wait_for(timeout=30_000)
            assert _widths(page) == [PHONE["width"]] * 2
            _shot(page, artifacts / "questionnaire_phone_360_item_by_item.png", page.locator(".sclab-item"))
        finally:
            ctx.close()
