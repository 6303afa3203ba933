"""``KnowledgeCheck``: a short check of understanding with immediate, explained feedback.

Questions are data (see :mod:`sclab.lessons.knowledge_check`); this module only builds the controls.
Each student sees the options in an order drawn from a seed, shown above the questions, so that
the order gives nothing away and can be had again (``from_file(name, seed=4821)``).

>>> check = KnowledgeCheck.from_file("00_welcome", seed=4821)
>>> check.order_note.value
'<p>Options in a shuffled order (seed 4821).</p>'
>>> check.answer(0, check.check.questions[0].correct)
True
>>> check.score_label.value
'Score: 1 of 3 correct'
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets
import traitlets

from sclab.lessons.knowledge_check import (
    CheckSet,
    Question,
    draw_seed,
    load_check,
    mark,
    question_heading,
    score_text,
    shuffle_note,
    shuffled,
)

__all__ = ["KnowledgeCheck", "Question", "load_check"]

#: Scoped to the check: options wrap onto more lines instead of printing over the next one (the
#: radio labels have a fixed height otherwise), each option is a 44 px touch target with its radio
#: first, the focused option has a 3 px ring and the chosen one is bold, and nothing is wider than
#: the page.
_STYLE = """<style>
.sclab-knowledge-check { max-width: 100%; box-sizing: border-box; }
.sclab-knowledge-check .widget-html-content { white-space: normal; overflow-wrap: anywhere; }
.sclab-knowledge-check .widget-radio { width: auto; max-width: 100%; }
.sclab-knowledge-check .widget-radio-box { min-width: 0; }
.sclab-knowledge-check .widget-radio-box label {
  height: auto; min-height: 44px; line-height: 1.4; display: flex; align-items: center;
  gap: 0.6em; padding: 4px 0; box-sizing: border-box; white-space: normal;
  overflow-wrap: anywhere; cursor: pointer;
}
.sclab-knowledge-check .widget-radio-box input {
  order: -1; flex: none; float: none; width: 20px; height: 20px; margin: 0 0 0 4px;
}
.sclab-knowledge-check .widget-radio-box input:focus-visible {
  outline: 3px solid #1a5fb4; outline-offset: 2px;
}
.sclab-knowledge-check .widget-radio-box label:has(input:checked) { font-weight: bold; }
.sclab-knowledge-check .widget-text { width: auto; max-width: 32em; min-width: 0; }
.sclab-knowledge-check .widget-text input { min-height: 44px; min-width: 0; }
.sclab-knowledge-check .widget-button { min-height: 44px; min-width: 6em; }
.sclab-knowledge-check .widget-button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
</style>"""


class KnowledgeCheck(widgets.VBox):
    """One box per question: the prompt, a choice or a text field, a Check button and feedback.

    ``score`` counts the questions whose latest check was correct. Nothing is recorded or sent.
    """

    score = traitlets.Int(0)
    #: The seed of the options' order (None: options in the file's order).
    seed = traitlets.Int(None, allow_none=True)

    def __init__(
        self, check: CheckSet | list[Question], *, seed: int | None = None, shuffle: bool = True, **kwargs
    ) -> None:
        if not isinstance(check, CheckSet):
            check = CheckSet(questions=list(check))
        self.check = check
        self.inputs: list[widgets.RadioButtons | widgets.Text] = []
        self.prompts: list[widgets.HTML] = []
        self.check_buttons: list[widgets.Button] = []
        self.feedback: list[widgets.HTML] = []
        self._correct = [False] * len(check.questions)
        self.order_note = widgets.HTML("")
        boxes: list[widgets.Widget] = [widgets.HTML(_STYLE, layout=widgets.Layout(display="none"))]
        if check.title:
            boxes.append(widgets.HTML(f"<h3>{escape(check.title)}</h3>"))
        if check.intro:
            boxes.append(widgets.HTML(f"<p>{escape(check.intro)}</p>"))
        boxes.append(self.order_note)
        boxes += [self._question_box(i, q) for i, q in enumerate(check.questions)]
        self.score_label = widgets.Label(self._score_text())
        boxes.append(self.score_label)
        super().__init__(boxes, **kwargs)
        self.add_class("sclab-knowledge-check")
        self.observe(self._on_seed, names=["seed"])
        if shuffle and any(q.choices is not None for q in check.questions):
            self.seed = draw_seed() if seed is None else seed
        elif seed is not None:
            raise ValueError("seed is for a shuffled order; leave it out with shuffle=False")

    def _question_box(self, i: int, q: Question) -> widgets.VBox:
        n = len(self.check.questions)
        prompt = widgets.HTML(f"<p><strong>{question_heading(i, n)}</strong> {escape(q.prompt)}</p>")
        if q.choices is not None:
            ctl = widgets.RadioButtons(
                options=q.choices,
                value=None,
                tooltip=f"Answer to question {i + 1}",
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
        else:
            ctl = widgets.Text(
                value="",
                placeholder="Type a few words",
                description="Answer",
                tooltip=f"Answer to question {i + 1}",
                layout=widgets.Layout(width="auto", max_width="32em"),
                # sent whole when the field is left or Enter pressed: with a value sent per key, the
                # Check button's click could reach the kernel before the last keys' value did
                continuous_update=False,
            )
        button = widgets.Button(description="Check", tooltip=f"Check your answer to question {i + 1}")
        button.on_click(lambda _, i=i: self._check(i))
        note = widgets.HTML("")
        self.prompts.append(prompt)
        self.inputs.append(ctl)
        self.check_buttons.append(button)
        self.feedback.append(note)
        return widgets.VBox([prompt, ctl, button, note], layout=widgets.Layout(margin="0 0 1em 0"))

    def _on_seed(self, change) -> None:
        """Put every question's options in the seed's order; answers chosen so far are cleared."""
        shown = self.check if change["new"] is None else shuffled(self.check, change["new"])
        for i, q in enumerate(shown.questions):
            if q.choices is not None:
                self.inputs[i].options = q.choices
                self.inputs[i].value = None
                self.feedback[i].value = ""
        self.order_note.value = (
            "" if change["new"] is None else f"<p>{escape(shuffle_note(change['new']))}</p>"
        )

    @classmethod
    def from_file(cls, name: str | Path, seed: int | None = None, **kwargs) -> KnowledgeCheck:
        """Build from a shipped check by name, or from a YAML file by path (see ``load_check``).

        ``seed`` gives the options' order (None: a fresh seed, shown above the questions).
        """
        return cls(load_check(name), seed=seed, **kwargs)

    def _score_text(self) -> str:
        return score_text(sum(self._correct), len(self._correct))

    def _check(self, i: int) -> bool | None:
        said = mark(self.check.questions[i], self.inputs[i].value)
        verdict = f"<strong>{escape(said.verdict)}</strong> " if said.verdict else ""
        self.feedback[i].value = f"<p>{verdict}{escape(said.message)}</p>"
        if said.right is None:
            return None
        self._correct[i] = said.right
        self.score = sum(self._correct)
        self.score_label.value = self._score_text()
        return said.right

    def answer(self, index: int, value: str) -> bool | None:
        """Enter ``value`` for question ``index`` (0-based) and check it, as a student would."""
        self.inputs[index].value = value
        return self._check(index)
