"""The dashboards in a real browser: keyboard-only questionnaire, class results, upload, offline, no code.

Every test watches all requests (each must go to 127.0.0.1) and the console (no errors), and saves
a screenshot under tests/e2e/artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from sclab.classroom.store import ClassStore
from support import exports

pytestmark = pytest.mark.e2e

WIDGETS_TIMEOUT = 120_000  # ms: a kernel starts and runs the dashboard before widgets appear

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return {};
  const item = el.closest('.sclab-item');
  return {
    tag: el.tagName, type: el.type || '', text: (el.textContent || '').trim(),
    answer: el.classList.contains('sclab-answer'),
    item: item ? parseInt(item.querySelector('.sclab-item-text strong').textContent) : null,
    inSend: !!el.closest('.sclab-none'),
  };
}"""

#: The values chosen in the page, item by item (null where none is).
_CHOSEN = """() => [...document.querySelectorAll('.sclab-item')].map(item => {
  const on = item.querySelector('.sclab-answer[aria-checked="true"]');
  return on ? parseInt(on.dataset.value) : null; })"""


def _progress(page) -> str:
    return page.locator(".widget-label", has_text="answered").first.inner_text()


def _check_offline_and_quiet(page, server):
    hosts = {urlparse(u).hostname for u in page.watch.requests if urlparse(u).scheme not in ("data", "blob")}
    assert hosts == {"127.0.0.1"}, sorted(u for u in page.watch.requests if "127.0.0.1" not in u)
    assert page.watch.errors == []


def _open(page, server, name):
    page.goto(server.url(name), timeout=WIDGETS_TIMEOUT)
    page.wait_for_selector(".jupyter-widgets", timeout=WIDGETS_TIMEOUT)


def test_take_the_scale_by_keyboard_alone_and_send(page, server, store_url, artifacts):
    store = ClassStore(store_url)
    for code in ("E2E-SIX", "E2E-FOUR"):  # the instructor opened both classes
        if store.class_info(code) is None:
            store.open_class(code=code, cap=30)
    _open(page, server, "take_the_scale")
    page.wait_for_selector(".sclab-answer", timeout=WIDGETS_TIMEOUT)
    n_items = 24
    wanted = {n: 1 + (n * 2) % 5 for n in range(1, n_items + 1)}
    keys: list[str] = []

    def press(key: str) -> dict:
        page.keyboard.press(key)
        keys.append(key)
        return page.evaluate(_FOCUSED)

    f = press("Tab")
    while not f.get("answer"):  # Tab through the page's top to the first item's group (one Tab stop)
        assert len(keys) < 60, f"no answer reached by Tab ({f})"
        f = press("Tab")
    on_first_item = len(keys)
    for n in range(1, n_items + 1):
        assert f["item"] == n, f"a number key should have moved focus on to item {n}: {f}"
        if n % 6 == 0:  # the arrow keys move and choose inside the group
            f = press("ArrowRight")
            assert page.evaluate(_CHOSEN)[n - 1] == 2 and f["item"] == n
        f = press(str(wanted[n]))  # answers the item and moves on to the next item's group
    per_item = (len(keys) - on_first_item + 1) / n_items  # the Tab into item 1 counts for item 1
    print(f"key presses: {len(keys)} to the last answer, {per_item:.2f} per item ({keys.count('Tab')} Tab)")
    assert per_item <= 2, f"{per_item:.2f} key presses per item; at most 2 (before: 171 for 24 items)"
    assert page.evaluate(_CHOSEN) == [wanted[n] for n in range(1, n_items + 1)]
    page.get_by_text(f"{n_items} of {n_items} answered").wait_for(timeout=30_000)
    for _ in range(20):
        f = press("Tab")
        if f.get("tag") == "BUTTON" and f["text"] == "Submit answers":
            page.keyboard.press("Enter")
            keys.append("Enter")
            break
    else:
        pytest.fail("never reached Submit by keyboard after the last item")
    (artifacts / "keyboard_presses.txt").write_text(
        f"{len(keys)} key presses from the top of the page to Submit for {n_items} items "
        f"({per_item:.2f} per item; {keys.count('Tab')} Tab); before: 171 (144 Tab)\n",
        encoding="utf-8",
    )
    page.get_by_text(f"Submitted. All {n_items} items are answered").wait_for(timeout=30_000)
    page.locator(".sclab-profile-chart").first.wait_for(timeout=30_000)  # the report is drawn
    assert _progress(page).startswith(f"{n_items} of {n_items}")
    # on to the opt-in: the checkbox (Space), the code (typed), Send (Enter)
    for step in ("checkbox", "text", "send"):
        for _ in range(200):
            page.keyboard.press("Tab")
            f = page.evaluate(_FOCUSED)
            if step == "checkbox" and f.get("type") == "checkbox":
                page.keyboard.press("Space")
                break
            if step == "text" and f.get("type") == "text":
                page.keyboard.type("E2E-SIX")
                break
            if step == "send" and f.get("tag") == "BUTTON" and f["text"] == "Send":
                page.keyboard.press("Enter")
                break
        else:
            pytest.fail(f"could not reach the {step} by keyboard")
    page.get_by_text("Sent. Thank you.").wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "take_the_scale.png"), full_page=True)
    assert ClassStore(store_url).count("E2E-SIX") == 1
    _check_offline_and_quiet(page, server)


def test_class_results_show_the_aggregate_only_from_five(page, server, store_url, artifacts):
    store = ClassStore(store_url)
    for code in ("E2E-SIX", "E2E-FOUR"):
        if store.class_info(code) is None:
            store.open_class(code=code, cap=30)
    totals = [2.2, 2.9, 3.4, 3.8, 4.1]
    for t in totals:
        store.submit("E2E-SIX", "sc-practice", {"total": t, "compassionate": t, "uncompassionate": 6 - t})
    for t in totals[:4]:
        store.submit("E2E-FOUR", "sc-practice", {"total": t})
    assert store.count("E2E-SIX") == 6, "the keyboard test's submission comes first"
    _open(page, server, "class_results")
    view = page.locator(".sclab-class-results")
    code = view.get_by_placeholder("e.g. K7QM-3WXP-9D")
    code.fill("E2E-FOUR")
    view.get_by_role("button", name="Refresh").click()
    view.get_by_text("fewer than five responses so far", exact=False).first.wait_for(timeout=30_000)
    assert view.locator(".js-plotly-plot").first.is_hidden()
    page.screenshot(path=str(artifacts / "class_results_four.png"), full_page=True)
    code.fill("E2E-SIX")
    view.get_by_role("button", name="Refresh").click()
    view.get_by_text("Class E2E-SIX: 6 received, next update at 10").wait_for(timeout=30_000)
    summary = store.summary("E2E-SIX")
    mean = summary.stats.set_index("score").loc["total", "mean"]
    total_row = view.locator("tr", has=page.locator("th", has_text="Total")).first
    assert f"{mean:.1f}" in total_row.inner_text()
    bars = page.evaluate(
        "() => [...document.querySelectorAll('.sclab-class-results .js-plotly-plot')]"
        ".flatMap(p => p.data).map(t => [t.name, Array.from(t.y || [])])"
    )
    assert all(b.count == 0 or b.count >= 5 for b in summary.bins)  # no bar of one to four students
    class_bars = next(y for name, y in bars if name.startswith("This class"))
    expected = [100 * b.count / summary.n for b in summary.bins] or [0.0] * len(class_bars)
    assert class_bars == pytest.approx(expected)
    assert view.get_by_text("Download the aggregates as CSV").is_visible()
    page.screenshot(path=str(artifacts / "class_results_six.png"), full_page=True)
    _check_offline_and_quiet(page, server)


def test_score_class_export_scores_an_uploaded_file(page, server, artifacts, tmp_path):
    csv = tmp_path / "class_export.csv"
    csv.write_text(exports.qualtrics_csv(exports.answer_matrix()), encoding="utf-8")
    _open(page, server, "score_class_export")
    page.wait_for_selector(".widget-upload", timeout=WIDGETS_TIMEOUT)
    # the widget's file input is not part of the page: click its button and answer the file chooser
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files(str(csv))
    page.get_by_text(f"Scored {exports.N_ROWS} rows").wait_for(timeout=60_000)
    assert page.get_by_text(f"{len(exports.FLAGGED_ROWS)} flagged").first.is_visible()
    with page.expect_download() as info:
        page.get_by_text("Download the scored CSV").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + exports.N_ROWS and "scs_total" in lines[0]
    page.screenshot(path=str(artifacts / "score_class_export.png"), full_page=True)
    _check_offline_and_quiet(page, server)


_EXECUTE_FROM_PAGE = """async ([kernelId, code]) => {
  const url = `ws://${location.host}/api/kernels/${kernelId}/channels?session_id=visitor`;
  const ws = new WebSocket(url);
  const seen = [];
  const msg = (type, content) => JSON.stringify({
    header: {msg_id: Math.random().toString(16).slice(2), msg_type: type, username: 'visitor',
             session: 'visitor', date: '', version: '5.3'},
    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
  await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
  ws.onmessage = e => { if (typeof e.data === 'string') seen.push(JSON.parse(e.data).header.msg_type); };
  ws.send(msg('kernel_info_request', {}));
  ws.send(msg('execute_request', {code, silent: false, store_history: true, user_expressions: {},
                                   allow_stdin: false, stop_on_error: true}));
  await new Promise(r => setTimeout(r, 5000));
  ws.close();
  return seen;
}"""


def test_an_execute_request_from_the_page_is_never_run(page, server, artifacts, tmp_path):
    _open(page, server, "lecture_explorer")
    page.wait_for_selector(".js-plotly-plot", timeout=WIDGETS_TIMEOUT)
    html = page.content()
    from support.voila_server import kernel_id

    marker = tmp_path / "visitor_ran_code"
    seen = page.evaluate(_EXECUTE_FROM_PAGE, [kernel_id(html), f"open({str(marker)!r}, 'w').write('x')"])
    assert "kernel_info_reply" in seen, seen  # the page's connection to its kernel works ...
    assert "execute_reply" not in seen and "execute_input" not in seen, seen  # ... code is not run
    page.wait_for_timeout(1000)
    assert not marker.exists()
    page.screenshot(path=str(artifacts / "lecture_explorer.png"), full_page=True)
    _check_offline_and_quiet(page, server)
