"""``ReflectionJournal``: writing prompts for the everyday practices, kept in the kernel until Save.

What a student writes stays in the notebook's kernel. It is shown back only as escaped HTML (the
preview), and written to disk only when the student presses Save, as the file name they typed, in
the journal's folder (never elsewhere: no paths, no links followed). The prompts, the preview, the
file text and the file rules are in :mod:`sclab.lessons.journal`.

>>> journal = ReflectionJournal(prompts="letter")
>>> journal.areas[0].description, journal.path.value
('Letter from a friend', '')
>>> journal.areas[0].value = "<b>Dear me</b>"
>>> "&lt;b&gt;Dear me&lt;/b&gt;" in journal.preview.value
True
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from sclab.lessons.journal import (
    FORMATS,
    check_file_name,
    check_folder,
    check_title,
    journal_text,
    preview_html,
    resolve_prompts,
    saved_message,
    write_journal,
)

__all__ = ["ReflectionJournal"]

_NOTE = (
    "<p style='max-width:48em'><strong>Your text stays here.</strong> What you type is kept only in "
    "this notebook's running kernel: nothing is sent anywhere, and nothing is written to disk unless "
    "you type a file name and press <em>Save</em>. When the notebook is closed, unsaved text is gone. "
    "Writing is optional; you can also use paper.</p>"
)


class ReflectionJournal(widgets.VBox):
    """Text areas for writing prompts, an escaped preview, and Save (as a typed file name) and Clear.

    ``prompts``: ``None`` (all the course's prompts), a practice's name (``"letter"``, ``"friend"``,
    ``"journaling"``) or a list of prompts (see :func:`sclab.lessons.journal.resolve_prompts`).
    ``title`` heads the saved file. ``folder``: the existing folder files are saved in; ``None`` (as
    notebook 09 and Voila build it) means ``sclab-journal`` beside the notebook, made on the first Save.
    """

    def __init__(
        self, prompts=None, *, title: str = "My reflections", folder: str | Path | None = None, **kwargs
    ) -> None:
        self.prompts = resolve_prompts(prompts)
        self.title = check_title(title)
        self.folder = check_folder(folder)
        self._make_folder = folder is None
        self.saved_to: Path | None = None
        self._confirm_clear = False
        blocks = [widgets.HTML(_NOTE), *self._build_areas()]
        self.preview = widgets.HTML(preview_html(self.prompts, self.texts))
        preview_box = widgets.Accordion(children=[self.preview], titles=("Preview of what you wrote",))
        super().__init__([*blocks, preview_box, *self._build_save_controls()], **kwargs)

    def _build_areas(self) -> list[widgets.Widget]:
        """One heading, guidance and text area per prompt."""
        self.areas: list[widgets.Textarea] = []
        blocks: list[widgets.Widget] = []
        for prompt in self.prompts:
            area = widgets.Textarea(
                value="",
                description=prompt.title,
                tooltip=prompt.guidance,
                placeholder="Write here, as much or as little as you like.",
                rows=6,
                style={"description_width": "10em"},
                layout=widgets.Layout(width="95%", max_width="52em"),
            )
            area.observe(self._text_changed, names=["value"])
            self.areas.append(area)
            blocks += [
                widgets.HTML(
                    f"<h3 style='margin-bottom:0.2em'>{escape(prompt.title)}</h3>"
                    f"<p style='max-width:48em;margin-top:0'>{escape(prompt.guidance)}</p>"
                ),
                area,
            ]
        return blocks

    def _build_save_controls(self) -> list[widgets.Widget]:
        """The file name, format and overwrite choices, Save and Clear, and the status line."""
        where = f"the folder {self.folder.name}" + (" beside this notebook" if self._make_folder else "")
        self.path = widgets.Text(
            value="",
            placeholder="for example my_reflections.md",
            description="File name",
            tooltip=f"A file name only, without folders: it is saved in {where}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="28em"),
        )
        self.where = widgets.HTML(f"<p style='margin:0'>Saved files go in {escape(where)}.</p>")
        self.format = widgets.Dropdown(
            options=[(label, key) for key, (_, label) in FORMATS.items()],
            value="markdown",
            description="Format",
            tooltip="Markdown keeps headings; plain text opens anywhere",
        )
        self.overwrite = widgets.Checkbox(
            value=False,
            description="Replace an existing file",
            indent=False,
            tooltip="Only if ticked is a file that already exists written over",
        )
        self.save_button = widgets.Button(
            description="Save", button_style="primary", tooltip="Write your text to the file named above"
        )
        self.clear_button = widgets.Button(
            description="Clear", tooltip="Erase everything written here (press twice to confirm)"
        )
        self.status = widgets.HTML("")
        self.save_button.on_click(lambda _: self.save())
        self.clear_button.on_click(lambda _: self.clear())
        wrap_row = {"flex_flow": "row wrap"}
        return [
            widgets.HBox([self.path, self.format], layout=widgets.Layout(**wrap_row)),
            self.where,
            widgets.HBox(
                [self.overwrite, self.save_button, self.clear_button],
                layout=widgets.Layout(**wrap_row, align_items="center"),
            ),
            self.status,
        ]

    @property
    def texts(self) -> list[str]:
        """What is written in each text area, in prompt order."""
        return [area.value for area in self.areas]

    def content(self) -> str:
        """The text a Save would write, in the chosen format."""
        return journal_text(self.prompts, self.texts, self.format.value, title=self.title)

    # --- events ------------------------------------------------------------------------------
    def _text_changed(self, change=None) -> None:
        self.preview.value = preview_html(self.prompts, self.texts)
        if self._confirm_clear:
            self._cancel_clear()

    def _say(self, message: str, *, ok: bool) -> None:
        colour = "#1a5e20" if ok else "#8b1a1a"
        role = "status" if ok else "alert"
        self.status.value = f"<p role='{role}' style='color:{colour}'>{escape(message)}</p>"

    def save(self) -> Path | None:
        """Write the journal as the typed file name in the folder; show why not if a rule is broken.

        Returns the file's path (for the notebook's code; the page is told only its name) or None."""
        self._cancel_clear()
        if not any(t.strip() for t in self.texts):
            self._say("There is nothing to save yet: write something first.", ok=False)
            return None
        try:
            name = check_file_name(self.path.value, self.format.value)
            replace = bool(self.overwrite.value)
            write_journal(self.folder, name, self.content(), overwrite=replace, create=self._make_folder)
        except ValueError as exc:
            self._say(str(exc), ok=False)
            return None
        self.saved_to = self.folder / name
        self._say(saved_message(name, self.folder), ok=True)
        return self.saved_to

    def clear(self) -> None:
        """First press asks for confirmation; the second erases every text area (not a saved file)."""
        if not self._confirm_clear:
            if not any(t.strip() for t in self.texts):
                self._say("Nothing to clear.", ok=True)
                return
            self._confirm_clear = True
            self.clear_button.description, self.clear_button.button_style = "Press again to clear", "danger"
            self._say("Press Clear again to erase all the text above. Saved files are not touched.", ok=False)
            return
        for area in self.areas:
            area.unobserve(self._text_changed, names=["value"])
            area.value = ""
            area.observe(self._text_changed, names=["value"])
        self._cancel_clear()
        self.preview.value = preview_html(self.prompts, self.texts)
        self._say("Cleared.", ok=True)

    def _cancel_clear(self) -> None:
        self._confirm_clear = False
        self.clear_button.description, self.clear_button.button_style = "Clear", ""
