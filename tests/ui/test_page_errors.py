"""In a kernel Voila started, a widget's error reaches the kernel's stderr (the server log), not the page.

A real kernel (jupyter_client) plays the served page's kernel: ``VOILA_PREHEAT`` in its environment is
what Voila sets. A widget is given a value that fails validation, as a page's message would.
"""

from __future__ import annotations

import os
import tempfile

import jupyter_client
import pytest

from sclab.ui._page_errors import PLAIN_LINE

BAD_VALUE = """
import sclab.ui._page_errors
import ipywidgets as widgets
s = widgets.IntSlider(min=0, max=10)
s._handle_msg({"content": {"data": {"method": "update", "state": {"value": "not a number"}}}, "buffers": []})
b = widgets.Button()
b.on_click(lambda _: 1 / 0)
b.click()
"""


def _run(code: str, env: dict[str, str]) -> tuple[list[dict], str]:
    """The iopub messages' contents from running ``code``, and the kernel's own stderr."""
    km = jupyter_client.KernelManager(kernel_name="python3")
    log = tempfile.TemporaryFile()
    km.start_kernel(env=env, stderr=log)
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        contents: list[dict] = []
        kc.execute_interactive(code, timeout=60, output_hook=lambda m: contents.append(m["content"]))
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    log.seek(0)
    return contents, log.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def served():
    return _run(BAD_VALUE, dict(os.environ, VOILA_PREHEAT="False"))


def test_a_served_page_gets_one_plain_line_per_error_and_no_traceback(served):
    contents, _ = served
    errors = [c for c in contents if "traceback" in c]
    assert len(errors) == 2  # the bad value, then the failing button callback
    assert all(c["traceback"] == [PLAIN_LINE] and c["evalue"] == PLAIN_LINE for c in errors)
    sent = repr(contents)
    assert "Traceback" not in sent and "site-packages" not in sent and "ZeroDivisionError" not in sent
    assert "TraitError" not in sent and os.sep + "work" + os.sep not in sent


def test_the_server_log_gets_the_whole_traceback(served):
    _, log = served
    assert log.count("[sclab page error]") == 2
    assert "Traceback (most recent call last)" in log and "TraitError" in log and "ZeroDivisionError" in log


def test_outside_voila_the_notebook_keeps_its_tracebacks():
    env = {k: v for k, v in os.environ.items() if k != "VOILA_PREHEAT"}
    contents, log = _run(BAD_VALUE, env)
    errors = [c for c in contents if "traceback" in c]
    assert len(errors) == 2 and all(c["traceback"] != [PLAIN_LINE] for c in errors)
    assert "[sclab page error]" not in log
