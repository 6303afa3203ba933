"""``KnowledgeCheck``: a short check of understanding with immediate, explained feedback.

Questions are data (see :mod:`sclab.lessons.knowledge_check`); this module only builds the controls.

>>> check = KnowledgeCheck.from_file("00_welcome")
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

from sclab.lessons.knowledge_check import CheckSet, Question, load_check, mark, question_heading, score_text

__all__ = ["KnowledgeCheck", "Question", "load_check"]


class KnowledgeCheck(widgets.VBox):
    """One box per question: the prompt, a choice or a text field, a Check button and feedback.

    ``score`` counts the questions whose latest check was correct. Nothing is recorded or sent.
    """

    score = traitlets.Int(0)

    def __init__(self, check: CheckSet | list[Question], **kwargs) -> None:
        if not isinstance(check, CheckSet):
            check = CheckSet(questions=list(check))
        self.check = check
        self.inputs: list[widgets.RadioButtons | widgets.Text] = []
        self.check_buttons: list[widgets.Button] = []
        self.feedback: list[widgets.HTML] = []
        self._correct = [False] * len(check.questions)
        n = len(check.questions)
        boxes: list[widgets.Widget] = []
        if check.title:
            boxes.append(widgets.HTML(f"<h3>{escape(check.title)}</h3>"))
        if check.intro:
            boxes.append(widgets.HTML(f"<p>{escape(check.intro)}</p>"))
        for i, q in enumerate(check.questions):
            prompt = widgets.HTML(f"<p><strong>{question_heading(i, n)}</strong> {escape(q.prompt)}</p>")
            if q.choices is not None:
                ctl = widgets.RadioButtons(
                    options=q.choices,
                    value=None,
                    tooltip=f"Answer to question {i + 1}",
                    layout=widgets.Layout(width="auto"),
                )
            else:
                ctl = widgets.Text(
                    value="",
                    placeholder="Type a few words",
                    description="Answer",
                    tooltip=f"Answer to question {i + 1}",
                )
            button = widgets.Button(description="Check", tooltip=f"Check your answer to question {i + 1}")
            button.on_click(lambda _, i=i: self._check(i))
            note = widgets.HTML("")
            self.inputs.append(ctl)
            self.check_buttons.append(button)
            self.feedback.append(note)
            boxes.append(widgets.VBox([prompt, ctl, button, note], layout=widgets.Layout(margin="0 0 1em 0")))
        self.score_label = widgets.Label(self._score_text())
        boxes.append(self.score_label)
        super().__init__(boxes, **kwargs)

    @classmethod
    def from_file(cls, name: str | Path, **kwargs) -> KnowledgeCheck:
        """Build from a shipped check by name, or from a YAML file by path (see ``load_check``)."""
        return cls(load_check(name), **kwargs)

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
