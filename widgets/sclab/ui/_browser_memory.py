"""``BrowserMemory``: a few small values kept in the browser's ``localStorage``, across page visits.

It shows nothing. When the page draws it, the browser reads the key ``sclab:<key>`` and sends
what it holds to ``value`` (values kept in the browser win over values set here before it drew;
one level of nested dicts is merged); from then on every change of ``value`` here is written
back. ``available`` is ``None`` until the browser has answered, then ``True``, or ``False`` when
the browser keeps nothing (private windows, storage switched off): then ``value`` lives only as
long as the page.

What the browser sends is whatever the page says, so a reader must check what it reads.

>>> memory = BrowserMemory("demo")
>>> memory.available is None, memory.get("sender")
(True, None)
>>> memory.put("sender", "abc")
>>> memory.value
{'sender': 'abc'}
"""

from __future__ import annotations

import json
import re

import anywidget
import traitlets

__all__ = ["MAX_CHARS", "NAMESPACE", "BrowserMemory"]

#: Every key this package writes to ``localStorage`` begins with this.
NAMESPACE = "sclab:"
#: The most a memory may hold, as JSON characters (it is for tokens and dates, not data).
MAX_CHARS = 4096

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

_ESM = """
const NAMESPACE = __NAMESPACE__;

function plain(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }

function merged(here, kept) {
  const out = Object.assign({}, here);
  for (const [k, v] of Object.entries(kept)) {
    out[k] = plain(v) && plain(out[k]) ? Object.assign({}, out[k], v) : v;
  }
  return out;
}

function storage(name) {
  try {
    const s = window.localStorage;
    s.setItem(name + ':probe', '1');
    s.removeItem(name + ':probe');
    return s;
  } catch (e) {
    return null;
  }
}

function render({ model, el }) {
  el.style.display = 'none';
  const name = NAMESPACE + model.get('key');
  const store = storage(name);
  if (store === null) {
    model.set('available', false);
    model.save_changes();
    return;
  }
  let kept = {};
  try { kept = JSON.parse(store.getItem(name) || '{}'); } catch (e) { kept = {}; }
  const write = () => {
    try {
      store.setItem(name, JSON.stringify(model.get('value')));
    } catch (e) { /* storage full: keep the page going */ }
  };
  model.set('value', merged(model.get('value') || {}, plain(kept) ? kept : {}));
  model.set('available', true);
  model.save_changes();
  write();
  model.on('change:value', write);
  return () => model.off('change:value', write);
}

export default { render };
""".replace("__NAMESPACE__", json.dumps(NAMESPACE))


class BrowserMemory(anywidget.AnyWidget):
    """Small values (a dict) kept in this browser under ``sclab:<key>``; draws nothing.

    ``key``: lower-case letters, digits and ``-`` (up to 40). Synced traitlets: ``key``,
    ``value`` (the dict kept), ``available`` (``None`` until the browser answers, then whether it
    keeps values).
    """

    _esm = _ESM
    key = traitlets.Unicode().tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
    available = traitlets.Bool(None, allow_none=True).tag(sync=True)

    def __init__(self, key: str, **kwargs) -> None:
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError(
                f"memory key {key!r} is not valid: use 1-40 lower-case letters, digits or '-', "
                "starting with a letter or digit (for example class-submit)"
            )
        super().__init__(key=key, **kwargs)
        self.layout.display = "none"

    def get(self, name: str, default: object = None) -> object:
        """The value kept under ``name`` (as the browser sent it: check it before use)."""
        return self.value.get(name, default)

    def put(self, name: str, item: object) -> None:
        """Keep ``item`` (JSON: text, numbers, lists, dicts) under ``name``; written to the browser."""
        new = {**self.value, name: item}
        size = len(json.dumps(new))
        if size > MAX_CHARS:
            raise ValueError(
                f"browser memory {self.key!r} would hold {size} characters; the most is {MAX_CHARS}"
            )
        self.value = new
