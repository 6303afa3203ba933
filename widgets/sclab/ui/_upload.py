"""``Upload``: a labelled file chooser that refuses a file over the limit before sending any of it.

``ipywidgets.FileUpload`` sends the whole file over the websocket and only then can Python say it is
too large; a file over the server's websocket limit resets the connection with no message at all.
Here the browser compares ``file.size`` with ``max_bytes`` first: a file over the limit is refused
on the page with a message and never sent (Python is told its name and size only). A file within
the limit is sent once, as a binary buffer, in a custom message.

Synced contract: ``description`` (the visible label), ``tooltip``, ``accept`` and ``max_bytes``
(Python to browser). Python-side only: ``value``, a tuple of one dict in ``FileUpload``'s shape
(``name``, ``type``, ``size``, ``content`` as a ``memoryview``, ``last_modified``), and ``refused``,
a dict (``name``, ``size``) for the last file the browser refused. A page can send any message, so
both are checked here again: a file over the limit never reaches ``value``.

The browser code is inline (no CDN, no import) and uses the browser's own file input, so it is
reached with Tab and opened with Enter or Space like any other control.

>>> up = Upload(max_bytes=10, accept=".csv")
>>> up._on_message(up, {"kind": "file", "name": "a.csv", "size": 4}, [memoryview(b"a,b\\n")])
>>> up.value[0]["name"], bytes(up.value[0]["content"])
('a.csv', b'a,b\\n')
>>> up._on_message(up, {"kind": "refused", "name": "big.csv", "size": 11}, [])
>>> up.refused
{'name': 'big.csv', 'size': 11}
"""

from __future__ import annotations

from datetime import datetime, timezone

import anywidget
import traitlets

__all__ = ["Upload"]

_ESM = r"""
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function mb(bytes) {
  return (bytes / 1e6).toFixed(1) + ' MB';
}

function render({ model, el }) {
  const label = document.createElement('label');
  const text = document.createElement('span');
  const input = document.createElement('input');
  const status = document.createElement('span');
  label.className = 'widget-upload';  // the dashboards' selector for "the upload control"
  label.style.width = 'auto';
  label.style.cursor = 'pointer';
  text.textContent = model.get('description') + ' ';
  text.style.fontWeight = 'bold';
  input.type = 'file';
  input.accept = model.get('accept');
  input.title = model.get('tooltip');
  status.setAttribute('aria-live', 'polite');
  status.style.marginLeft = '0.5em';
  label.append(text, input);
  el.append(label, status);
  const say = (message, refused) => {
    status.textContent = message;
    status.setAttribute('role', refused ? 'alert' : 'status');
    status.style.color = refused ? '#8b1a1a' : '';
  };
  const chosen = async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const name = file.name.replace(BIDI, '');
    const limit = model.get('max_bytes');
    input.value = '';
    if (file.size > limit) {
      say(name + ' is ' + mb(file.size) + '; files over ' + mb(limit) + ' are not sent. '
        + 'Nothing was uploaded: choose a smaller file (a class export is usually a few kilobytes).', true);
      model.send({ kind: 'refused', name: name, size: file.size });
      return;
    }
    say('Sending ' + name + ' (' + mb(file.size) + ') ...', false);
    input.disabled = true;
    try {
      const buffer = await file.arrayBuffer();
      model.send({ kind: 'file', name: name, type: file.type, size: file.size,
                   last_modified: file.lastModified }, undefined, [buffer]);
      say('Sent ' + name + '.', false);
    } catch (e) {
      say(name + ' could not be read here; choose it again.', true);
    } finally {
      input.disabled = false;
    }
  };
  input.addEventListener('change', chosen);
  return () => input.removeEventListener('change', chosen);
}

export default { render };
"""


class Upload(anywidget.AnyWidget):
    """A file chooser that sends only files of at most ``max_bytes`` (see the module's docstring)."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    description = traitlets.Unicode("Upload").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    max_bytes = traitlets.Int(min=1).tag(sync=True)
    value = traitlets.Tuple()
    refused = traitlets.Dict()

    def __init__(self, *, max_bytes: int, **kwargs) -> None:
        super().__init__(max_bytes=max_bytes, **kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, buffers) -> None:
        """A message from the page: a file (one buffer) or a refusal. Anything else is ignored."""
        if not isinstance(content, dict):
            return
        name = content.get("name")
        name = name if isinstance(name, str) and name else "the file"
        if content.get("kind") == "refused":
            size = content.get("size")
            self._refuse(name, size if isinstance(size, int) else None)
            return
        if content.get("kind") != "file" or not buffers or len(buffers) != 1:
            return
        data = memoryview(buffers[0])
        if data.nbytes > self.max_bytes:  # the page's check can be skipped by a hand-made message
            self._refuse(name, data.nbytes)
            return
        kind = content.get("type")
        if self.value:
            self.value = ()  # so that the same file chosen again is a change too
        self.value = (
            {
                "name": name,
                "type": kind if isinstance(kind, str) else "",
                "size": data.nbytes,
                "content": data,
                "last_modified": _when(content.get("last_modified")),
            },
        )

    def _refuse(self, name: str, size: int | None) -> None:
        if self.refused:
            self.refused = {}  # so that the same refusal again is a change too
        self.refused = {"name": name, "size": size}


def _when(stamp: object) -> datetime | None:
    """The browser's ``lastModified`` (milliseconds since 1970) as a UTC time, or None if it is not one."""
    if not isinstance(stamp, (int, float)) or isinstance(stamp, bool):
        return None
    try:
        return datetime.fromtimestamp(stamp / 1000, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
