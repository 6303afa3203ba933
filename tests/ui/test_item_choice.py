"""ItemChoice: one item's answers as one widget model; what a page may send is checked here."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
import traitlets

from sclab.ui._item_choice import _CSS, _ESM, AnswerWords, ItemChoice

OPTIONS = [("1 Almost never", 1), ("2", 2), ("3", 3), ("4", 4), ("5 Almost always", 5)]


def item(**kwargs) -> ItemChoice:
    return ItemChoice(number=7, text="A made-up statement.", options=OPTIONS, **kwargs)


def sent(widget) -> list[dict]:
    """Every message the widget sends to the page (its comm is replaced by a recorder)."""
    messages: list[dict] = []
    widget.comm.send = lambda data=None, buffers=None, **_: messages.append(data)
    return messages


def test_its_contract_is_its_synced_traitlets():
    ch = item(answer_text="Not answered yet", layout_kind="radio")
    state = ch.get_state()
    assert state["options"] == OPTIONS and state["value"] is None
    assert (state["number"], state["text"], state["answer_text"], state["layout_kind"]) == (
        7,
        "A made-up statement.",
        "Not answered yet",
        "radio",
    )
    assert state["autofocus"] is False
    assert "refused" not in state  # Python side only
    with pytest.raises(traitlets.TraitError):
        item(layout_kind="grid")


def test_code_may_set_only_an_offered_value():
    ch = item()
    ch.value = 4
    assert ch.value == 4
    for bad in (6, 0, True, "4", 4.5):
        with pytest.raises(traitlets.TraitError):
            ch.value = bad
        assert ch.value == 4
    ch.value = None
    assert ch.value is None


def test_a_page_value_outside_the_options_is_refused_and_the_page_put_back():
    ch = item()
    ch.value = 2
    seen = []
    ch.observe(lambda change: seen.append(change["new"]), names=["value"])
    messages = sent(ch)
    ch.set_state({"value": 9})  # what a visitor's hand-made message does
    assert ch.value == 2 and seen == []
    assert (
        ch.refused == "item 7 has 9; answers must be one of 1, 2, 3, 4, 5 (1 Almost never .. 5 Almost always)"
    )
    assert messages[-1]["method"] == "update" and messages[-1]["state"] == {"value": 2}
    ch.set_state({"value": "two"})
    assert ch.value == 2 and "has 'two'" in ch.refused
    ch.set_state({"value": 5})  # a real click
    assert ch.value == 5 and seen == [5]


def test_the_same_refusal_twice_is_heard_twice():
    ch = item()
    heard = []
    ch.observe(lambda change: heard.append(change["new"]), names=["refused"])
    ch.set_state({"value": 9})
    ch.set_state({"value": 9})
    assert [h for h in heard if h] == [heard[-1]] * 2


def test_a_page_can_change_nothing_but_the_value():
    ch = item()
    ch.set_state(
        {"options": [("9 Hacked", 9)], "text": "Changed", "number": 1, "answer_text": "x", "autofocus": True}
    )
    assert ch.options == OPTIONS and ch.text == "A made-up statement." and ch.number == 7
    assert ch.answer_text == "" and ch.autofocus is False
    ch.set_state({"value": 9, "options": [("9 Hacked", 9)]})
    assert ch.value is None and ch.options == OPTIONS


def test_onward_callbacks_run_on_the_onward_message_only():
    ch = item()
    calls = []
    ch.on_onward(lambda: calls.append("onward"))
    ch._handle_custom_msg({"kind": "onward"}, [])
    ch._handle_custom_msg({"kind": "something else"}, [])
    ch._handle_custom_msg("onward", [])
    assert calls == ["onward"]


def test_answer_words_read_the_answer_text():
    ch = item(answer_text="Your answer: 3")
    words = AnswerWords(ch)
    assert words.value == "Your answer: 3"
    ch.answer_text = "Not answered yet"
    assert words.value == "Not answered yet"


def test_one_widget_model_per_item_with_a_shared_layout():
    shared = widgets.Layout(width="100%")
    items = [item(layout=shared) for _ in range(3)]
    assert all(ch.layout is shared for ch in items)
    assert not isinstance(items[0], widgets.Box) and not getattr(items[0], "children", ())


def test_the_browser_code_is_inline_and_keeps_its_keyboard_and_phone_promises():
    for code in (_ESM, _CSS):
        assert "http://" not in code and "https://" not in code and "import " not in code  # no CDN
    for key in ("ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown", "Home", "End", "' '", "Enter"):
        assert key in _ESM, key
    assert "role', 'radiogroup'" in _ESM and "role', 'radio'" in _ESM and "tabIndex" in _ESM
    assert "document.querySelectorAll('.sclab-item')" in _ESM  # a number key moves on to the next item
    assert "min-height: 48px" in _CSS and "min-width: 44px" in _CSS  # touch targets
    assert "outline: 3px solid" in _CSS  # the focus ring
    assert '[aria-checked="true"] { border: 3px solid' in _CSS  # chosen: more than a shade
