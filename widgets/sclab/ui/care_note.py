"""A calm box with the not-a-diagnosis note and where to get help, both from the course settings.

>>> note = CareNote()
>>> "Not a diagnosis" in note.value
True
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from sclab.config import CourseConfig, load_config

__all__ = ["CareNote", "care_html"]

_BOX = (
    "border:1px solid #8a8a8a; border-left:6px solid #5a7d9a; border-radius:4px; "
    "padding:0.6em 1em; margin:0.5em 0; max-width:48em; line-height:1.45"
)


def care_html(config: CourseConfig | None = None, *, diagnosis: bool = True, help: bool = True) -> str:
    """The note as HTML: the not-a-diagnosis text and/or the help resources, all text escaped."""
    cfg = config or load_config()
    parts = [f'<div role="note" aria-label="Care note" style="{_BOX}">']
    if diagnosis:
        parts.append(f"<p><strong>Not a diagnosis.</strong> {escape(cfg.not_a_diagnosis)}</p>")
    if help:
        parts.append(f"<p><strong>{escape(cfg.help_title)}.</strong> {escape(cfg.help_text)}</p><ul>")
        for r in cfg.help_resources:
            name = escape(r.name)
            if r.url:
                url = escape(r.url, quote=True)
                name = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{name}</a> ({url})'
            detail = f": {escape(r.detail)}" if r.detail else ""
            parts.append(f"<li><strong>{name}</strong>{detail}</li>")
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


class CareNote(widgets.HTML):
    """The care note as a widget; the last line of a cell shows it, in JupyterLab and in Voila.

    ``diagnosis`` and ``help`` choose the parts shown; ``config`` defaults to :func:`load_config`.
    """

    def __init__(
        self, config: CourseConfig | None = None, *, diagnosis: bool = True, help: bool = True, **kwargs
    ) -> None:
        super().__init__(value=care_html(config, diagnosis=diagnosis, help=help), **kwargs)
