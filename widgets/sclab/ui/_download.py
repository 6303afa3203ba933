"""``SaveButton``: a button that makes a file only when pressed and hands it to the browser to save.

Nothing is sent with the page: when the student presses the button, the browser asks the kernel
for the file (a custom message), the kernel builds it with ``build`` and sends its text back once,
and the browser saves it to the student's device (a ``Blob`` and a link with ``download``).
Nothing is written on the server. A page can send any message, so only ``{"kind": "save"}`` is
acted on. The button is a real ``<button>``: reached by Tab, pressed with Enter or Space, at least
44 px high for a finger.

>>> button = SaveButton(lambda: ("report.html", "<p>hi</p>"))
>>> sent = []
>>> button.send = sent.append
>>> button._on_message(button, {"kind": "save"}, [])
>>> sent[0]["name"], sent[0]["text"], button.saves
('report.html', '<p>hi</p>', 1)
>>> button._on_message(button, {"kind": "delete everything"}, []); len(sent)
1
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

__all__ = ["SaveButton"]

_ESM = r"""
function render({ model, el }) {
  const button = document.createElement('button');
  const status = document.createElement('span');
  button.type = 'button';
  button.className = 'sclab-save-button';
  button.textContent = model.get('description');
  button.title = model.get('tooltip');
  button.style.cssText = 'min-height:44px;min-width:44px;padding:0 16px;font:inherit;'
    + 'font-weight:bold;cursor:pointer;border:2px solid #1f4e79;border-radius:4px;'
    + 'background:#fff;color:#1f4e79';
  status.setAttribute('role', 'status');
  status.style.marginLeft = '0.75em';
  el.classList.add('sclab-no-print');
  el.append(button, status);
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Making your file ...';
    model.send({ kind: 'save' });
  });
  const got = (msg) => {
    button.disabled = false;
    if (!msg || msg.kind !== 'file') {
      status.textContent = (msg && msg.message) || 'The file could not be made.';
      return;
    }
    const url = URL.createObjectURL(new Blob([msg.text], { type: 'text/html;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = msg.name;
    link.style.display = 'none';
    el.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = 'Saved as ' + msg.name + ' (look in your downloads).';
  };
  model.on('msg:custom', got);
  return () => model.off('msg:custom', got);
}
export default { render };
"""


class SaveButton(anywidget.AnyWidget):
    """A "Save my report" button; ``build()`` returns ``(file name, text)`` when the student asks.

    Synced traitlets: ``description`` (the button's text) and ``tooltip``. Python only: ``saves``,
    how many files were handed to the browser.
    """

    _esm = _ESM
    description = traitlets.Unicode("Save my report").tag(sync=True)
    tooltip = traitlets.Unicode("Save this report as one file on your device (it opens offline)").tag(
        sync=True
    )
    saves = traitlets.Int(0)

    def __init__(self, build: Callable[[], tuple[str, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self._build = build
        self.on_msg(self._on_message)

    def _on_message(self, widget, content, buffers) -> None:
        if not isinstance(content, dict) or content.get("kind") != "save":
            return
        try:
            name, text = self._build()
        except ValueError as exc:
            self.send({"kind": "error", "message": f"The file could not be made: {exc}"})
            return
        self.send({"kind": "file", "name": name, "text": text})
        self.saves += 1
