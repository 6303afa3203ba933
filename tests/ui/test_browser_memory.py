"""``BrowserMemory``'s Python side: its synced contract, its limits, and an ESM with no outside imports.

What the browser does with localStorage is checked in tests/e2e/test_class_codes.py.
"""

from __future__ import annotations

import re

import pytest

from sclab.ui._browser_memory import MAX_CHARS, NAMESPACE, BrowserMemory


def test_its_contract_is_three_synced_traitlets_and_it_draws_nothing():
    memory = BrowserMemory("class-submit")
    state = memory.get_state()
    assert state["key"] == "class-submit" and state["value"] == {} and state["available"] is None
    assert memory.layout.display == "none"


def test_put_keeps_a_value_and_get_reads_it():
    memory = BrowserMemory("demo")
    seen = []
    memory.observe(lambda change: seen.append(change["new"]), names=["value"])
    memory.put("sender", "abc")
    memory.put("sent", {"K7QM-3WXP-9D": "2026-12-01"})
    assert memory.get("sender") == "abc" and memory.get("missing", 7) == 7
    assert seen[-1] == {"sender": "abc", "sent": {"K7QM-3WXP-9D": "2026-12-01"}}
    assert memory.get_state()["value"] == seen[-1]  # what the browser is sent to write


def test_what_the_browser_sends_reaches_python_observers():
    memory = BrowserMemory("demo")
    seen = []
    memory.observe(lambda change: seen.append((change["name"], change["new"])), names=["value", "available"])
    memory.set_state({"value": {"sender": "from-the-browser"}, "available": True})  # as a comm message does
    assert memory.available is True and memory.get("sender") == "from-the-browser"
    assert ("available", True) in seen


def test_it_refuses_to_hold_more_than_a_few_kilobytes():
    memory = BrowserMemory("demo")
    with pytest.raises(ValueError, match=rf"would hold \d+ characters; the most is {MAX_CHARS}"):
        memory.put("big", "x" * MAX_CHARS)
    assert memory.value == {}


@pytest.mark.parametrize("key", ["", "Class", "a b", "../x", "x" * 41, 3])
def test_a_bad_key_is_refused_with_the_rule(key):
    with pytest.raises(ValueError, match="lower-case letters, digits or '-'"):
        BrowserMemory(key)


def test_the_browser_code_is_inline_namespaced_and_guards_against_no_storage():
    esm = BrowserMemory("demo")._esm
    assert not re.search(r"\bimport\b|https?://", esm)  # no CDN, nothing fetched
    assert f'const NAMESPACE = "{NAMESPACE}"' in esm and NAMESPACE == "sclab:"
    assert "localStorage" in esm and "model.set('available', false)" in esm
    assert "model.on('change:value'" in esm  # Python's changes are written back
