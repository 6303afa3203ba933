"""Class codes in a real browser: the instructor opens a class with a cap, a student's browser sends
once and is told so after a reload, and the refusals are counted on the instructor's page.

A real ``sclab serve`` (tests/support/voila_server.py) and Debian's Chromium; the store is the
session's temporary SQLite file ($SCLAB_STORE_URL, set by the server helper).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urlparse

import pytest

from sclab.classroom.store import ClassStore, SubmissionRefused

pytestmark = pytest.mark.e2e

WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the dashboard before widgets appear
SCORES = {"total": 3.2, "compassionate": 3.4, "uncompassionate": 2.9}
MEMORY = "() => localStorage.getItem('sclab:class-submit')"


def _open(page, server, name):
    page.goto(server.url(name), timeout=WIDGETS_TIMEOUT)
    page.wait_for_selector(".jupyter-widgets", timeout=WIDGETS_TIMEOUT)


def _open_a_class(page, server, cap: int) -> str:
    _open(page, server, "class_results")
    cap_box = page.get_by_label("Cap (most sends)")
    cap_box.wait_for(timeout=WIDGETS_TIMEOUT)
    assert cap_box.input_value() == "30" and page.get_by_label("Open for (minutes)").input_value() == "90"
    cap_box.fill(str(cap))  # then by keyboard alone: Tab to the minutes, Tab to the button, Enter
    cap_box.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Open a class"
    page.keyboard.press("Enter")
    shown = page.locator(".sclab-class-code")
    shown.wait_for(timeout=30_000)
    page.get_by_text("Refused: 0.").wait_for(timeout=30_000)
    return shown.inner_text().strip()


def _send_from_the_student_page(page, server, code: str) -> None:
    _open(page, server, "take_the_scale")
    page.get_by_role("button", name="Use a fictional persona").click()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_text("ready to send").wait_for(timeout=30_000)
    page.get_by_role("checkbox").first.check()
    _type_code(page, code)
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Sent. Thank you.").wait_for(timeout=30_000)


def _type_code(page, code: str) -> None:
    box = page.get_by_placeholder("e.g. K7QM-3WXP-9D")
    box.fill(code)
    box.press("Enter")  # the code box reports on Enter or on leaving it


def test_one_send_per_browser_a_cap_and_the_refusals_counted(page, server, store_url, artifacts):
    store = ClassStore(store_url)
    code = _open_a_class(page, server, cap=2)
    assert re.fullmatch(r"[A-Z0-9-]{8,32}", code), code
    info = store.class_info(code)
    assert info.cap == 2 and info.is_open() and info.sent == 0
    page.screenshot(path=str(artifacts / "class_codes_open.png"), full_page=True)

    student = page.context.new_page()  # the same browser: the same localStorage
    student_errors: list[str] = []
    student_hosts: set[str | None] = set()
    student.on("pageerror", lambda e: student_errors.append(str(e)))
    student.on(
        "request", lambda r: student_hosts.add(urlparse(r.url).hostname) if r.url[:5] != "blob:" else None
    )
    _send_from_the_student_page(student, server, code)
    kept = json.loads(student.evaluate(MEMORY))  # what this browser keeps: a token and the day only
    assert set(kept) == {"sender", "sent"} and kept["sent"] == {
        code: datetime.now(timezone.utc).date().isoformat()
    }
    assert store.class_info(code).sent == 1

    student.reload(timeout=WIDGETS_TIMEOUT)
    student.wait_for_selector(".jupyter-widgets", timeout=WIDGETS_TIMEOUT)
    _type_code(student, code)
    said = student.get_by_text(f"You already sent your scores to class {code} from this browser.")
    said.wait_for(timeout=30_000)
    assert student.get_by_role("button", name="Send", exact=True).is_disabled()
    said.scroll_into_view_if_needed()
    student.screenshot(path=str(artifacts / "class_submit_sent_before.png"), full_page=True)

    sender = json.loads(student.evaluate(MEMORY))["sender"]
    with pytest.raises(SubmissionRefused) as repeat:  # this browser's token, sent by hand: refused
        store.submit(code, "sc-practice", SCORES, sender=sender)
    assert repeat.value.reason == "repeat"
    store.submit(code, "sc-practice", SCORES, sender="another-browser-0001")  # a second browser: taken
    with pytest.raises(SubmissionRefused) as full:
        store.submit(code, "sc-practice", SCORES, sender="a-third-browser-0002")
    assert full.value.reason == "full"
    assert store.class_info(code).refused == 2

    page.bring_to_front()
    page.get_by_role("button", name="Refresh").first.click()
    page.get_by_text("Refused: 2.").wait_for(timeout=30_000)
    page.locator(".sclab-class-code").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "class_codes_refused.png"), full_page=True)
    assert page.watch.errors == [] and student_errors == []
    assert student_hosts <= {"127.0.0.1", None}, student_hosts  # the memory's code is inline: no CDN


_NO_STORAGE = """Object.defineProperty(window, 'localStorage', {
  configurable: true, get() { throw new DOMException('storage is off', 'SecurityError'); } });"""


_RIGHT_EDGES = """() => Array.from(document.querySelectorAll('.sclab-class-code, button, input'))
  .filter(el => el.closest('.widget-vbox') && el.offsetParent !== null
          && /Open a class|Close now|Reopen|Refresh|sclab-class-code|INPUT/.test(
               el.className + ' ' + el.textContent + ' ' + el.tagName))
  .map(el => el.getBoundingClientRect().right)"""


def test_the_class_code_panel_fits_a_phone_and_a_browser_without_storage_is_told(
    browser, server, store_url, artifacts
):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})  # a phone's width
    try:
        page = ctx.new_page()
        code = _open_a_class(page, server, cap=30)
        assert ClassStore(store_url).class_info(code).cap == 30
        edges = page.evaluate(_RIGHT_EDGES)
        assert edges and max(edges) <= 390, edges
        page.screenshot(path=str(artifacts / "class_codes_phone.png"), full_page=True)
        ctx.add_init_script(_NO_STORAGE)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        _open(page, server, "take_the_scale")
        page.get_by_text("This browser keeps nothing for this page").wait_for(timeout=WIDGETS_TIMEOUT)
        page.screenshot(path=str(artifacts / "class_submit_no_storage.png"), full_page=True)
        assert errors == []
    finally:
        ctx.close()
