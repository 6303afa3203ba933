"""Imported first by :mod:`sclab.ui`: keep a course kernel from paying for a grammar it never uses.

plotly's ``FigureWidget`` imports nbformat, which imports jsonschema, which loads the optional
``rfc3987-syntax`` package when it is installed (jupyter-events asks for it). That package builds
its IRI grammars at import time: about 1.5 s in plain Python and 4-6 s in a kernel, before the first
figure of every notebook and every Voila page. jsonschema only uses it to check the ``iri`` formats,
which nothing in a course kernel validates, so when jsonschema is not loaded yet we tell Python the
package is absent (``sys.modules[name] = None`` makes its import fail fast). A kernel that has
already imported jsonschema is left as it is.
"""

from __future__ import annotations

import sys

SKIPPED = "rfc3987_syntax"

if "jsonschema" not in sys.modules:
    sys.modules.setdefault(SKIPPED, None)
