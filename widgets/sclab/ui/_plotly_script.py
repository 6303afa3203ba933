"""Where a figure on a served page gets plotly's script: one cached file per browser, not 5 MB per figure.

plotly's ``FigureWidget`` is an anywidget whose ``_esm`` (the script that draws it in the browser) is
plotly's whole widget bundle, about 5 MB, sent over the websocket in every figure's state, for every
visitor, on every visit. ``sclab serve`` serves that same installed file at one address (with a
long cache lifetime) and names it to its kernels in ``$SCLAB_PLOTLY_SCRIPT``; a figure made there
carries instead the few lines of :func:`served_module`, which import the file from the page's own
server, so a browser fetches it once (gzipped) and keeps it. Without the variable (JupyterLab, a
notebook, JupyterHub) nothing changes: :func:`served_module` is None and plotly's own script is used.

>>> served_module({})
>>> "/sclab/static/plotly/widgetbundle.js?v=7" in served_module(
...     {"SCLAB_PLOTLY_SCRIPT": "/sclab/static/plotly/widgetbundle.js?v=7"})
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from sclab.classroom.serving import PLOTLY_SCRIPT_ENV

__all__ = ["served_module"]

# anywidget loads a non-URL ``_esm`` as a blob: module, where a path cannot be resolved; so the path is
# made absolute against the page's own address (same server, same port) and imported from there.
_MODULE = """// plotly's widget script, fetched once from this page's server (sclab serve)
const plotly = await import(new URL({address}, document.baseURI).href);
export default plotly.default;
"""


def served_module(env: Mapping[str, str] | None = None) -> str | None:
    """The ``_esm`` a figure carries on a served page, or None where no server names plotly's script.

    ``env`` defaults to the process's environment. The address must be a path on the page's own
    server (starting with one ``/``): a served page asks nothing of any other machine.
    """
    address = (os.environ if env is None else env).get(PLOTLY_SCRIPT_ENV, "").strip()
    if not address:
        return None
    if not address.startswith("/") or address.startswith("//"):
        raise ValueError(
            f"${PLOTLY_SCRIPT_ENV} must be a path on the page's own server, such as "
            f"/sclab/static/plotly/widgetbundle.js; got {address!r}"
        )
    return _MODULE.format(address=json.dumps(address))
