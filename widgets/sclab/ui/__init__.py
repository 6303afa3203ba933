"""The course's widgets. Each one is an ipywidgets widget: the last line of a cell shows it.

>>> from sclab.ui import Questionnaire
>>> Questionnaire("sc-practice").instrument.n_items
24
"""

from sclab.lessons.personas import Persona, load_personas
from sclab.ui import _quickstart  # noqa: F401  (first: see its docstring)
from sclab.ui.care_note import CareNote
from sclab.ui.classroom.class_export import ClassExport
from sclab.ui.classroom.class_results import ClassResults
from sclab.ui.classroom.class_submit import ClassSubmit
from sclab.ui.compare_to_sample import CompareToSample
from sclab.ui.explorers.correlation_explorer import CorrelationExplorer
from sclab.ui.explorers.mediation_explorer import MediationExplorer
from sclab.ui.explorers.moderation_explorer import ModerationExplorer
from sclab.ui.explorers.regression_explorer import RegressionExplorer
from sclab.ui.explorers.scoring_explorer import ScoringExplorer
from sclab.ui.explorers.three_arm_trial import ThreeArmTrial
from sclab.ui.explorers.trial_simulator import TrialSimulator
from sclab.ui.knowledge_check import KnowledgeCheck, Question, load_check
from sclab.ui.questionnaire import Questionnaire
from sclab.ui.reflection_journal import ReflectionJournal
from sclab.ui.score_report import ScoreReport

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
