"""The one way a view follows a questionnaire: ``view.follow(questionnaire)``.

A :class:`~sclab.ui.Questionnaire` publishes ``scores`` (a traitlet: one row of
:meth:`Instrument.score`, computed once with the questionnaire's own instrument). A view that shows
a student's scores mixes in :class:`FollowsQuestionnaire` and says two things:

- :meth:`~FollowsQuestionnaire.refusal`: why it cannot use an instrument (or ``None`` if it can);
  :meth:`~FollowsQuestionnaire.follow` raises that as a ``ValueError`` when it is connected, never
  later inside an observer, where Voila would lose it;
- :meth:`~FollowsQuestionnaire.show_scores`: what to do with a questionnaire's scores (``None``
  when the questionnaire is cleared).

``follow`` shows scores already submitted at once, and returns the view, so
``ScoreReport("sc-practice").follow(q)`` can be the last line of a cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sclab.measure.instrument import Instrument

__all__ = ["FollowsQuestionnaire"]


class FollowsQuestionnaire:
    """Mixin for a view that follows one or more questionnaires' ``scores``."""

    def refusal(self, instrument: Instrument) -> str | None:
        """Why this view cannot show ``instrument``'s scores, or None if it can (override)."""
        return None

    def show_scores(self, instrument: Instrument, scores: Mapping[str, Any] | None) -> None:
        """Show ``scores`` of ``instrument`` (None: the questionnaire was cleared). Override."""
        raise NotImplementedError

    def follow(self, questionnaire):
        """Follow ``questionnaire``'s ``scores`` from now on; refuse at once an instrument it cannot use."""
        instrument = getattr(questionnaire, "instrument", None)
        if instrument is None or not questionnaire.has_trait("scores"):
            raise ValueError(
                f"{type(self).__name__}.follow needs a sclab Questionnaire; "
                f"got {type(questionnaire).__name__}"
            )
        reason = self.refusal(instrument)
        if reason:
            raise ValueError(
                f"{type(self).__name__} cannot follow a {instrument.id!r} questionnaire: {reason}"
            )
        questionnaire.observe(lambda change: self.show_scores(instrument, change["new"]), names=["scores"])
        if questionnaire.scores is not None:
            self.show_scores(instrument, questionnaire.scores)
        return self
