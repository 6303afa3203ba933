"""The course's widgets. Each one is an ipywidgets widget: the last line of a cell shows it.

>>> from sclab.ui import Questionnaire
>>> Questionnaire("sc-practice").instrument.n_items
24
"""

from sclab.ui.care import CareNote
from sclab.ui.compare import CompareToSample
from sclab.ui.knowledge import KnowledgeCheck, Question, load_check
from sclab.ui.personas import Persona, load_personas
from sclab.ui.questionnaire import Questionnaire
from sclab.ui.report import ScoreReport
from sclab.ui.scoring_explorer import ScoringExplorer

__all__ = [
    "CareNote",
    "CompareToSample",
    "KnowledgeCheck",
    "Persona",
    "Question",
    "Questionnaire",
    "ScoreReport",
    "ScoringExplorer",
    "load_check",
    "load_personas",
]
