"""``ItemChoice``: one questionnaire item, its answers as one radio group, by touch, mouse or keyboard.

One widget per item shows the item's number and text, the answer options and the chosen answer in
words. It replaces an HTML label, a ``ToggleButtons`` and a ``Label`` (eleven widget models with
their layouts and styles) by one model, so a page of 24 items sends and draws far less.

Keyboard (a WAI-ARIA radio group with a roving tabindex): one Tab stop per item; the arrow keys
move and choose within it; Space or Enter chooses the option with focus; a number key (the scale's
values) answers the item and moves focus to the next item on the page (the next ``.sclab-item``),
or, where the page shows one item at a time, asks Python for the next one (:meth:`on_onward`),
which takes focus when drawn if its ``autofocus`` is set. Each option is at least 44 x 44 CSS px,
the focused one has a 3 px ring, and the chosen one a bold border and a check mark as well as a
shade. ``layout_kind`` ``"buttons"`` puts the options on one line (the numbers, with the words of
the two ends under them where the item is narrow); ``"radio"`` lists them one under the other with
their words. Every option element has the class ``sclab-answer``.

Synced contract: ``value`` (the chosen value or None; the only trait a page may change),
``options`` (a list of ``(label, value)``), ``number``, ``text``, ``answer_text`` (the choice in
words, shown under the options), ``layout_kind`` and ``autofocus``. Python side only:
``refused``, why the last value a page sent was not taken. A page can send anything: a value that
is not one of ``options`` is refused here and the page is put back to the answer held.

>>> item = ItemChoice(number=4, text="A statement.", options=[("1 Never", 1), ("2 Always", 2)])
>>> item.set_state({"value": 9})
>>> item.value, item.refused
(None, 'item 4 has 9; answers must be one of 1, 2 (1 Never .. 2 Always)')
>>> item.set_state({"value": 2, "options": [("9 Hacked", 9)]})
>>> item.value, item.options
(2, [('1 Never', 1), ('2 Always', 2)])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anywidget
import ipywidgets as widgets
import traitlets

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["AnswerWords", "ItemChoice"]

_ESM = r"""
const CHECK = '\u2713';

function part(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function words(label, value) {
  const n = String(value);
  return label.startsWith(n) ? label.slice(n.length).trim() : label;
}

function tabStop(item) {
  return item ? item.querySelector('.sclab-answer[tabindex="0"]') : null;
}

function nextItem(item) {
  const items = [...document.querySelectorAll('.sclab-item')];
  return items[items.indexOf(item) + 1] || null;
}

function render({ model, el }) {
  const uid = 'sclab-item-' + Math.random().toString(36).slice(2);
  const item = part('div', 'sclab-item');
  const head = part('p', 'sclab-item-text');
  const group = part('div', 'sclab-scale');
  const ends = part('div', 'sclab-anchors');
  const said = part('p', 'sclab-said');
  head.id = uid;
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-labelledby', uid);
  group.setAttribute('data-lm-suppress-shortcuts', 'true');  // JupyterLab: keys here are ours
  ends.setAttribute('aria-hidden', 'true');
  item.append(head, group, ends, said);
  el.append(item);
  let boxes = [];

  const show = () => {
    const at = boxes.findIndex(b => b.dataset.value === String(model.get('value')));
    boxes.forEach((b, i) => {
      b.setAttribute('aria-checked', String(i === at));
      b.tabIndex = i === Math.max(at, 0) ? 0 : -1;
    });
    said.textContent = model.get('answer_text');
  };
  const choose = (i) => {
    model.set('value', model.get('options')[i][1]);
    model.save_changes();
    show();
  };
  const draw = () => {
    const options = model.get('options');
    item.dataset.kind = model.get('layout_kind');
    head.replaceChildren(part('strong', '', model.get('number') + '.'), ' ' + model.get('text'));
    boxes = options.map(([label, value], i) => {
      const b = part('div', 'sclab-answer');
      b.setAttribute('role', 'radio');
      b.setAttribute('aria-label', label);
      b.dataset.value = String(value);
      b.append(part('span', 'sclab-num', String(value)), part('span', 'sclab-word', words(label, value)),
               part('span', 'sclab-mark', CHECK));
      b.addEventListener('click', () => { choose(i); b.focus(); });
      return b;
    });
    group.replaceChildren(...boxes);
    const end = options.length ? options[options.length - 1] : ['', ''];
    ends.replaceChildren(part('span', '', options.length ? words(...options[0]) : ''),
                         part('span', '', words(...end)));
    show();
  };
  const keydown = (e) => {
    const i = boxes.indexOf(e.target);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    const n = boxes.length;
    let j = step ? (i + step + n) % n : { Home: 0, End: n - 1, ' ': i, Enter: i }[e.key];
    const byNumber = j === undefined;
    if (byNumber) j = model.get('options').findIndex(o => String(o[1]) === e.key);
    if (j < 0) return;
    e.preventDefault();
    e.stopPropagation();
    choose(j);
    if (!byNumber) { boxes[j].focus(); return; }
    const onward = tabStop(nextItem(item));
    if (onward) onward.focus();
    else model.send({ kind: 'onward' });  // a page of one item at a time: Python shows the next
  };
  group.addEventListener('keydown', keydown);
  const names = ['options', 'number', 'text', 'layout_kind'];
  names.forEach(name => model.on('change:' + name, draw));
  model.on('change:value', show);
  model.on('change:answer_text', show);
  draw();
  if (model.get('autofocus')) requestAnimationFrame(() => { const b = tabStop(item); if (b) b.focus(); });
  return () => {
    group.removeEventListener('keydown', keydown);
    names.forEach(name => model.off('change:' + name, draw));
    model.off('change:value', show);
    model.off('change:answer_text', show);
  };
}

export default { render };
"""

#: Phone first: the options share one line (or one column) and wrap nothing off the screen; every
#: option is a 44 px touch target; focus is a 3 px ring; the chosen option has a 3 px border and a check.
_CSS = """
.sclab-item { container-type: inline-size; margin: 0 0 0.8em; padding: 6px; max-width: 100%;
  box-sizing: border-box; font-size: 15px; line-height: 1.45; }
.sclab-item-text { margin: 0 0 0.5em; white-space: normal; overflow-wrap: anywhere; }
.sclab-scale { display: flex; gap: 6px; max-width: 40em; }
.sclab-answer { position: relative; box-sizing: border-box; flex: 1 1 0; min-width: 44px;
  min-height: 48px; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 2px; padding: 4px 3px; border: 1px solid #5e5e5e; border-radius: 6px; cursor: pointer;
  background: var(--jp-layout-color1, #fff); color: var(--jp-ui-font-color0, #111);
  text-align: center; line-height: 1.2; user-select: none; -webkit-tap-highlight-color: transparent; }
@media (hover: hover) { .sclab-answer:hover { background: var(--jp-layout-color2, #eef2f7); } }
.sclab-num { font-size: 1.15em; }
.sclab-word { display: none; font-size: 0.85em; overflow-wrap: anywhere; }
.sclab-mark { visibility: hidden; position: absolute; top: 1px; right: 4px; font-weight: bold; }
.sclab-answer[aria-checked="true"] { border: 3px solid #111; background: #d7e6fa; color: #111;
  font-weight: bold; }
.sclab-answer[aria-checked="true"] .sclab-mark { visibility: visible; }
.sclab-answer:focus { outline: none; }
.sclab-answer:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.sclab-anchors { display: flex; justify-content: space-between; gap: 1em; max-width: 40em;
  margin-top: 3px; font-size: 0.85em; }
.sclab-anchors span:last-child { text-align: right; }
.sclab-said { margin: 0.3em 0 0; font-size: 0.9em; }
@container (min-width: 34em) {
  .sclab-item[data-kind="buttons"] .sclab-word { display: block; }
  .sclab-item[data-kind="buttons"] .sclab-anchors { display: none; }
}
.sclab-item[data-kind="radio"] .sclab-scale { flex-direction: column; gap: 4px; max-width: 32em; }
.sclab-item[data-kind="radio"] .sclab-answer { flex: none; flex-direction: row; justify-content: flex-start;
  gap: 0.6em; min-height: 44px; padding: 6px 10px; text-align: left; }
.sclab-item[data-kind="radio"] .sclab-answer::before { content: ""; flex: none; width: 18px; height: 18px;
  box-sizing: border-box; border: 2px solid #444; border-radius: 50%; }
.sclab-item[data-kind="radio"] .sclab-answer[aria-checked="true"]::before {
  background: radial-gradient(circle, #111 0 4px, transparent 5px); }
.sclab-item[data-kind="radio"] .sclab-num { font-size: 1em; }
.sclab-item[data-kind="radio"] .sclab-word { display: inline; }
.sclab-item[data-kind="radio"] .sclab-mark { position: static; }
.sclab-item[data-kind="radio"] .sclab-anchors { display: none; }
@media (forced-colors: active) { .sclab-answer[aria-checked="true"] { border-color: Highlight; } }
"""


class ItemChoice(anywidget.AnyWidget):
    """One item and its answers as a radio group (see the module's docstring for the contract)."""

    _esm = _ESM
    _css = _CSS
    value = traitlets.Int(None, allow_none=True).tag(sync=True)
    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Int())).tag(sync=True)
    number = traitlets.Int(0).tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    answer_text = traitlets.Unicode("").tag(sync=True)
    layout_kind = traitlets.Enum(("buttons", "radio"), default_value="buttons").tag(sync=True)
    #: Take focus when drawn (a page of one item at a time, after a number key answered the last one).
    autofocus = traitlets.Bool(False).tag(sync=True)
    refused = traitlets.Unicode("")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._onward = widgets.CallbackDispatcher()
        self.on_msg(self._on_message)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict) -> int | None:
        value = proposal["value"]
        if value is None or (not isinstance(value, bool) and value in self._values()):
            return value
        raise traitlets.TraitError(self._refusal(value))

    def _values(self) -> list[int]:
        return [value for _, value in self.options]

    def _refusal(self, value: object) -> str:
        allowed = ", ".join(map(str, self._values())) or "none (no options)"
        ends = f" ({self.options[0][0]} .. {self.options[-1][0]})" if self.options else ""
        return f"item {self.number} has {value!r}; answers must be one of {allowed}{ends}"

    def set_state(self, sync_data: dict) -> None:
        """What a page sends: only ``value`` is taken, and one that is not an option is refused."""
        state = {k: v for k, v in sync_data.items() if k == "value"}
        if not state:
            return
        try:
            super().set_state(state)
        except traitlets.TraitError:
            self.refused = ""  # so that the same refusal again is a change too
            self.refused = self._refusal(state["value"])
            self.send_state("value")  # the page goes back to the answer held here

    def on_onward(self, callback: Callable[[], object], remove: bool = False) -> None:
        """Call ``callback()`` when a number key answered this item and the page shows no next item."""
        self._onward.register_callback(callback, remove=remove)

    def _on_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("kind") == "onward":
            self._onward()


class AnswerWords:
    """The choice in words under an item, read as ``.value`` (what the ``Label`` it replaced offered)."""

    def __init__(self, control: ItemChoice) -> None:
        self._control = control

    @property
    def value(self) -> str:
        return self._control.answer_text
