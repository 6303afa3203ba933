"""``Upload``: a file over the limit is refused in the browser before any byte is sent.

The Python side is checked with the messages a page sends; the browser side runs the widget's own
ESM in Debian's Chromium against a stand-in model (no server), so what is sent can be counted.
"""

from __future__ import annotations

import json
import re

import pytest

from sclab.ui._upload import Upload

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_its_synced_contract_is_the_label_the_filter_and_the_limit():
    up = Upload(max_bytes=1000, accept=".csv", description="Upload CSV", tooltip="Choose the export")
    state = up.get_state()
    assert {k: state[k] for k in ("description", "tooltip", "accept", "max_bytes")} == {
        "description": "Upload CSV",
        "tooltip": "Choose the export",
        "accept": ".csv",
        "max_bytes": 1000,
    }
    assert "value" not in state and "refused" not in state  # the file is never sent back to the page


def test_a_file_message_becomes_a_value_in_file_uploads_shape_each_time():
    up = Upload(max_bytes=10)
    seen = []
    up.observe(lambda change: seen.append(change["new"]), names=["value"])
    msg = {"kind": "file", "name": "a.csv", "type": "text/csv", "size": 4, "last_modified": 1_764_547_200_000}
    up._on_message(up, msg, [memoryview(b"a,b\n")])
    up._on_message(up, msg, [memoryview(b"a,b\n")])  # the same file chosen again is a change too
    (item,) = up.value
    assert bytes(item["content"]) == b"a,b\n" and item["size"] == 4 and item["type"] == "text/csv"
    assert item["last_modified"].isoformat() == "2025-12-01T00:00:00+00:00"
    assert [len(v) for v in seen] == [1, 0, 1]


@pytest.mark.parametrize(
    "content, buffers",
    [
        ("not a dict", [b"x"]),
        ({"kind": "file", "name": "a.csv"}, []),  # no buffer
        ({"kind": "file", "name": "a.csv"}, [b"x", b"y"]),  # two buffers
        ({"kind": "other"}, [b"x"]),
    ],
)
def test_odd_messages_are_ignored(content, buffers):
    up = Upload(max_bytes=10)
    up._on_message(up, content, buffers)
    assert up.value == () and up.refused == {}


def test_odd_fields_are_tidied_and_a_file_over_the_limit_never_becomes_a_value():
    up = Upload(max_bytes=3)
    up._on_message(up, {"kind": "file", "name": 7, "type": 1, "last_modified": 1e300}, [b"abc"])
    (item,) = up.value
    assert item["name"] == "the file" and item["type"] == "" and item["last_modified"] is None
    up._on_message(up, {"kind": "file", "name": "big.csv"}, [b"abcd"])
    assert up.refused == {"name": "big.csv", "size": 4} and bytes(up.value[0]["content"]) == b"abc"


def test_the_browser_code_is_inline_and_checks_the_size_first():
    esm = Upload(max_bytes=1)._esm
    assert not re.search(r"\bimport\b|https?://", esm)  # no CDN, nothing fetched
    assert esm.index("file.size > limit") < esm.index("arrayBuffer()")


# --- in the browser ------------------------------------------------------------------------------

_PAGE = """<!doctype html><html><body><main id="root"></main><script type="module">
const state = %s;
window.sent = [];
const model = {
  get: (k) => state[k], set: () => {}, save_changes: () => {}, on: () => {}, off: () => {},
  send: (content, callbacks, buffers) => window.sent.push(
    {content, sizes: (buffers || []).map(b => b.byteLength),
     text: (buffers || []).map(b => new TextDecoder().decode(b))}),
};
const url = URL.createObjectURL(new Blob([state._esm], {type: 'text/javascript'}));
const mod = await import(url);
mod.default.render({model, el: document.getElementById('root')});
window.ready = true;
</script></body></html>"""


@pytest.fixture(scope="module")
def page(browser):
    up = Upload(max_bytes=1000, accept=".csv", description="Upload CSV", tooltip="Choose the export")
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.set_content(_PAGE % json.dumps(up.get_state()))
        page.wait_for_function("window.ready === true")
        yield page
    finally:
        ctx.close()


@pytest.mark.e2e
def test_in_the_browser_a_file_over_the_limit_is_refused_and_not_sent(page):
    name = "big" + BIDI + ".csv"
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": b"x" * 1001}]
    )
    page.wait_for_function("window.sent.length === 1")
    sent = page.evaluate("window.sent")
    assert sent == [
        {"content": {"kind": "refused", "name": "big.csv", "size": 1001}, "sizes": [], "text": []}
    ]
    status = page.locator("[role=alert]")
    assert status.inner_text().startswith("big.csv is 0.0 MB; files over 0.0 MB are not sent. Nothing was")
    # what the page tells Python reaches it as a refusal
    up = Upload(max_bytes=1000)
    up._on_message(up, sent[0]["content"], [])
    assert up.refused == {"name": "big.csv", "size": 1001} and up.value == ()


@pytest.mark.e2e
def test_in_the_browser_a_file_within_the_limit_is_sent_once_as_a_buffer(page):
    page.evaluate("window.sent = []")
    data = b"Q1,Q2\n1,2\n"
    page.set_input_files(
        "input[type=file]", files=[{"name": "class.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.wait_for_function("window.sent.length === 1")
    (sent,) = page.evaluate("window.sent")
    assert sent["content"]["kind"] == "file" and sent["content"]["size"] == len(data)
    assert sent["sizes"] == [len(data)] and sent["text"] == [data.decode()]
    assert page.locator("[role=status]").inner_text() == "Sent class.csv."


@pytest.mark.e2e
def test_in_the_browser_the_chooser_has_a_visible_label_and_is_reached_with_tab(page):
    label = page.locator("label")
    assert label.inner_text().strip() == "Upload CSV" and label.is_visible()
    chooser = page.locator("input[type=file]")
    assert chooser.get_attribute("accept") == ".csv" and chooser.get_attribute("title") == "Choose the export"
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "file"
