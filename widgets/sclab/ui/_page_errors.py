"""On a served page, an error in a widget callback goes to the server log; the page gets one plain line.

ipywidgets reports an error raised while it handles a message from the page (a value that fails
validation, an observer or a button callback that raises) with ``get_ipython().showtraceback()``,
which sends the whole traceback, with the server's file paths, to every page of that kernel.
:func:`quiet_tracebacks` replaces that method on the kernel's shell: the traceback is written to the
kernel's own standard error, which is the server's log (a Voila kernel inherits it), and the page
gets :data:`PLAIN_LINE` instead.

Importing this module turns it on in a kernel that Voila started (Voila sets ``VOILA_PREHEAT`` in
every kernel's environment), and does nothing elsewhere, so a notebook run in JupyterLab or by the
tests keeps its tracebacks. A dashboard's first cell imports it.

>>> quiet_tracebacks()  # outside a kernel there is no shell to change
False
"""

from __future__ import annotations

import io
import logging
import os
import sys
import types

__all__ = ["PLAIN_LINE", "quiet_tracebacks"]

#: What a page is told when something fails on the server.
PLAIN_LINE = "Something went wrong on the server; the instructor can see the details in the server log."

_log = logging.getLogger("sclab.page")


class ServerError(Exception):
    """The name a page sees for any error on the server."""


def _server_log() -> logging.Logger:
    """A logger that writes to the kernel's own standard error (the server's log), not to the page.

    ipykernel forwards whatever is written to file descriptor 2 to the page too; like ipykernel's own
    log, this one writes to the copy of the original descriptor it keeps.
    """
    if not _log.handlers:
        raw = getattr(sys.stderr, "_original_stdstream_copy", None)
        stream = sys.__stderr__ if raw is None else io.TextIOWrapper(io.FileIO(os.dup(raw), "w"))
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("[sclab page error] %(message)s"))
        _log.addHandler(handler)
        _log.propagate = False
    return _log


def _showtraceback(self, exc_tuple=None, *args, **kwargs) -> None:
    """Stand-in for ``InteractiveShell.showtraceback``: the traceback to the log, one line to the page."""
    try:
        etype, value, tb = self._get_exc_info(exc_tuple)
    except ValueError:  # no exception to show
        etype, value, tb = ServerError, ServerError(PLAIN_LINE), None
    _server_log().error("in a page's kernel:", exc_info=(etype, value, tb))
    self._showtraceback(ServerError, PLAIN_LINE, [PLAIN_LINE])


def quiet_tracebacks(shell=None) -> bool:
    """Send tracebacks of ``shell`` (default: this kernel's) to the server log; True if newly turned on."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None or getattr(shell.showtraceback, "__func__", None) is _showtraceback:
        return False
    shell.showtraceback = types.MethodType(_showtraceback, shell)
    return True


if "VOILA_PREHEAT" in os.environ:  # a kernel Voila started: see the module's docstring
    quiet_tracebacks()
