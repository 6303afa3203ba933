"""The score report's profile as a chart in plain HTML: bars for you, diamonds for the sample mean.

A report's chart needs no hovering or zooming, so it is drawn as HTML boxes rather than a plotly
``FigureWidget``: on a served page that saves each student's kernel about 46 MB and each browser
plotly's 1.5 MB script; the chart reflows to any width (labels wrap above their bar on a phone),
prints on paper, and is the same markup in the report a student saves. Colour never carries the
meaning alone: each bar is labelled with its score, the sample mean is a diamond, and the table
beside the chart (``describedby``) gives every number to a screen reader.

>>> import pandas as pd
>>> prof = pd.DataFrame({"label": ["Self-kindness"], "side": ["compassionate"], "score": [3.5],
...                      "sample_mean": [3.0]})
>>> html = profile_chart(prof, low=1, high=5, title="Your profile", describedby="t1")
>>> "aria-describedby='t1'" in html and "width:62.5%" in html and "left:50.0%" in html
True
"""

from __future__ import annotations

from html import escape

import pandas as pd

from sclab.formatting import number
from sclab.ui.palette import COMPASSIONATE, SAMPLE, side_colour

__all__ = ["profile_chart"]

_ROW = "display:flex;flex-wrap:wrap;align-items:center;gap:2px 8px;margin:6px 0"
_LABEL = "flex:1 1 9em;min-width:0;overflow-wrap:anywhere"
_TRACK = (
    "flex:3 1 14em;position:relative;height:28px;background:#f2f2f2;"
    "border-left:1px solid #595959;box-sizing:border-box"
)
_BAR = (
    "position:absolute;left:0;top:4px;bottom:4px;box-sizing:border-box;"
    "print-color-adjust:exact;-webkit-print-color-adjust:exact"
)
_VALUE = "position:absolute;top:4px;line-height:20px;padding-left:4px;font-weight:bold;font-size:0.85em"
#: Text on a bar: white where it has contrast of at least 4.5:1 (blue), near-black elsewhere.
_ON_BAR = {COMPASSIONATE: "#fff"}
_OFF_BAR = "#1a1a1a"
#: A bar narrower than this (% of the track) has its number just after its end, on the track.
_ROOM = 15
_DIAMOND = (
    "position:absolute;top:50%;width:12px;height:12px;margin:-6px 0 0 -6px;transform:rotate(45deg);"
    f"background:#fff;border:2px solid {SAMPLE};box-sizing:border-box"
)
_KEY = "display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px"
_KEY_TEXT = "margin-right:16px;white-space:nowrap"


def _position(value: float, low: float, high: float) -> float:
    return round(100 * (min(max(value, low), high) - low) / (high - low), 1)


def _row(r, low: float, high: float) -> str:
    colour, width = side_colour(r.side), _position(r.score, low, high)
    inside = width >= _ROOM
    value = (
        f"<span class='sclab-profile-value' style='{_VALUE};left:{0 if inside else width}%;"
        f"color:{_ON_BAR.get(colour, _OFF_BAR) if inside else _OFF_BAR}'>{escape(number(r.score))}</span>"
    )
    bar = f"<span class='sclab-profile-bar' style='{_BAR};width:{width}%;background:{colour}'></span>{value}"
    mean = ""
    if pd.notna(r.sample_mean):
        left = _position(r.sample_mean, low, high)
        mean = f"<span class='sclab-profile-mean' style='{_DIAMOND};left:{left}%'></span>"
    return (
        f"<div style='{_ROW}'>"
        f"<span class='sclab-profile-label' style='{_LABEL}'>{escape(str(r.label))}</span>"
        f"<span style='{_TRACK}'>{bar}{mean}</span></div>"
    )


def _axis(low: int, high: int) -> str:
    shift = {low: "0", high: "-100%"}  # the end ticks stay inside the track
    ticks = "".join(
        f"<span style='position:absolute;left:{_position(v, low, high)}%;"
        f"transform:translateX({shift.get(v, '-50%')})'>{v}</span>"
        for v in range(low, high + 1)
    )
    return (
        f"<div style='{_ROW}'><span style='{_LABEL}'></span>"
        f"<span style='flex:3 1 14em;position:relative;height:1.4em;font-size:0.85em'>{ticks}</span></div>"
    )


def _legend(sides: list[str], has_mean: bool) -> str:
    names = {"compassionate": "You: compassionate side", "uncompassionate": "You: uncompassionate side"}
    keys = [
        f"<span class='sclab-profile-key' style='{_KEY_TEXT}'>"
        f"<span style='{_KEY};background:{side_colour(s)}'></span>{escape(names.get(s, 'You'))}</span>"
        for s in sides
    ]
    if has_mean:
        keys.append(
            f"<span class='sclab-profile-key' style='{_KEY_TEXT}'><span style='{_KEY};"
            f"transform:rotate(45deg) scale(0.8);border:2px solid {SAMPLE};box-sizing:border-box'></span>"
            "Sample mean</span>"
        )
    return f"<p style='margin:4px 0;display:flex;flex-wrap:wrap;gap:4px'>{''.join(keys)}</p>"


def profile_chart(profile: pd.DataFrame, *, low: int, high: int, title: str, describedby: str) -> str:
    """The chart of ``profile`` (columns label, side, score, sample_mean) on a ``low``..``high`` axis.

    It is one image to assistive technology (``role='img'``), named by ``title`` and described by
    the element whose id is ``describedby`` (the table of the same numbers).
    """
    profile = profile.assign(side=profile["side"].fillna("component"))
    sides = list(dict.fromkeys(profile["side"]))
    has_mean = bool(profile["sample_mean"].notna().any())
    rows = "".join(_row(r, low, high) for r in profile.itertuples())
    return (
        f"<div class='sclab-profile-chart' role='img' aria-label='{escape(title, quote=True)}' "
        f"aria-describedby='{escape(describedby, quote=True)}' style='max-width:720px'>"
        f"<p style='font-weight:bold;margin:4px 0'>{escape(title)}</p>{rows}{_axis(low, high)}"
        f"{_legend(sides, has_mean)}</div>"
    )
