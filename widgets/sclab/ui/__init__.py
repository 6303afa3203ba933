"""The course's widgets. Each one is an ipywidgets widget: the last line of a cell shows it.

>>> from sclab.ui import Questionnaire
>>> Questionnaire("sc-practice").instrument.n_items
24
"""

from sclab.ui import _quickstart  # noqa: F401  (first: see its docstring)
from sclab.ui.care import CareNote
from sclab.ui.class_export import ClassExport
from sclab.ui.class_results import ClassResults
from sclab.ui.class_submit import ClassSubmit
from sclab.ui.compare import CompareToSample
from sclab.ui.correlation_explorer import CorrelationExplorer
from sclab.ui.knowledge import KnowledgeCheck, Question, load_check
from sclab.ui.mediation_explorer import MediationExplorer
from sclab.ui.moderation_explorer import ModerationExplorer
from sclab.ui.personas import Persona, load_personas
from sclab.ui.questionnaire import Questionnaire
from sclab.ui.reflection_journal import ReflectionJournal
from sclab.ui.regression_explorer import RegressionExplorer
from sclab.ui.report import ScoreReport
from sclab.ui.scoring_explorer import ScoringExplorer
from sclab.ui.three_arm import ThreeArmTrial
from sclab.ui.trial_simulator import TrialSimulator

__all__ = [
    "CareNote",
    "ClassExport",
    "ClassResults",
    "ClassSubmit",
    "CompareToSample",
    "CorrelationExplorer",
    "KnowledgeCheck",
    "MediationExplorer",
    "ModerationExplorer",
    "Persona",
    "Question",
    "Questionnaire",
    "ReflectionJournal",
    "RegressionExplorer",
    "ScoreReport",
    "ScoringExplorer",
    "ThreeArmTrial",
    "TrialSimulator",
    "load_check",
    "load_personas",
]
