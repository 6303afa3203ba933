"""Figures carry plotly's script only where no server offers it (sclab.ui._plotly_script, _figures.wrap)."""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path

import plotly.graph_objects as go
import pytest

from sclab.classroom.serving import PLOTLY_SCRIPT_ENV, PLOTLY_SCRIPT_PATH, _plotly_script_env
from sclab.ui._figures import figure, wrap
from sclab.ui._plotly_script import served_module


def _drawn() -> go.Figure:
    fig = figure()
    fig.add_scatter(x=[1, 2, 3], y=[2, 1, 3], name="sample")
    return fig


def test_outside_a_served_kernel_a_figure_keeps_plotlys_own_script(monkeypatch):
    monkeypatch.delenv(PLOTLY_SCRIPT_ENV, raising=False)
    widget = wrap(_drawn())
    assert isinstance(widget, go.FigureWidget)
    # plotly's own script (inside the few lines that give the figure its spoken label), not the served one
    assert json.dumps(str(go.FigureWidget._esm)) in widget._esm
    assert len(widget._esm) > 1_000_000  # the whole bundle, as JupyterLab needs it


@pytest.mark.parametrize("served", [False, True])
def test_a_teaching_figure_has_no_mode_bar_from_its_first_state(monkeypatch, served):
    # plotly's default config shows the mode bar: about 11 tab stops a chart, one a link to plotly.com
    if served:
        monkeypatch.setenv(PLOTLY_SCRIPT_ENV, _plotly_script_env()[PLOTLY_SCRIPT_ENV])
    else:
        monkeypatch.delenv(PLOTLY_SCRIPT_ENV, raising=False)
    assert go.FigureWidget(_drawn())._config.get("displayModeBar") is None
    widget = wrap(_drawn())
    assert widget.get_state()["_config"]["displayModeBar"] is False
    assert widget.get_state()["_config"]["displaylogo"] is False
    widget._config = {"displayModeBar": True}  # a visitor's or a later change cannot bring it back
    assert widget._config["displayModeBar"] is False


def test_in_a_served_kernel_a_figure_imports_the_servers_copy(monkeypatch):
    address = _plotly_script_env()[PLOTLY_SCRIPT_ENV]
    monkeypatch.setenv(PLOTLY_SCRIPT_ENV, address)
    widget = wrap(_drawn())
    assert isinstance(widget, go.FigureWidget)
    state = widget.get_state()
    assert len(state["_esm"]) < 1000
    assert f'"{address}"' in state["_esm"] and "import(" in state["_esm"]
    assert widget.data[0].name == "sample" and list(widget.data[0].y) == [2, 1, 3]
    with widget.batch_update():  # later redraws work as before
        widget.data[0].y = [3, 3, 3]
    assert list(widget.data[0].y) == [3, 3, 3]


def test_the_served_address_is_plotlys_installed_file():
    address = _plotly_script_env()[PLOTLY_SCRIPT_ENV]
    path, _, query = address.partition("?")
    assert path == PLOTLY_SCRIPT_PATH and query.startswith("v=")  # versioned: cacheable for good
    folder = Path(find_spec("plotly").submodule_search_locations[0]) / "package_data"
    assert (folder / Path(path).name).read_text()[:2000] in str(go.FigureWidget._esm)


@pytest.mark.parametrize("address", ["https://cdn.example.org/plotly.js", "//cdn.example.org/p.js", "p.js"])
def test_an_address_off_the_pages_server_is_refused(address):
    with pytest.raises(ValueError, match=PLOTLY_SCRIPT_ENV):
        served_module({PLOTLY_SCRIPT_ENV: address})
