"""Figures that carry where they come from: a published ``source`` or a stated ``assumption``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["Figure"]


class Figure(BaseModel):
    """A number shown to students, with its basis.

    Exactly one of ``source`` (a reference, with table or page where known) or ``assumption``
    (a teaching value, with the reason it was chosen) must be given.

    >>> Figure(value=0.87, source="Garcia-Campayo et al. 2014").basis
    'source: Garcia-Campayo et al. 2014'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    source: str | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _exactly_one_basis(self) -> Figure:
        if (self.source is None) == (self.assumption is None):
            raise ValueError(
                "a figure needs exactly one of 'source:' (where it was published) or "
                "'assumption:' (why this teaching value was chosen)"
            )
        return self

    @property
    def basis(self) -> str:
        """``'source: ...'`` or ``'assumption: ...'``, for a 'where does this come from' line."""
        return f"source: {self.source}" if self.source is not None else f"assumption: {self.assumption}"
