"""The course's widgets. Each one is an ipywidgets widget: the last line of a cell shows it.

>>> from sclab.ui import Questionnaire
>>> Questionnaire("sc-practice").instrument.n_items
24

Each widget's module is loaded when its name is first used (PEP 562), so a page that shows a
questionnaire does not load the explorers, statsmodels or the class-results store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sclab import _lazy_attributes  # the package root, already loaded: it imports nothing more
from sclab.ui import _quickstart  # noqa: F401  (before any widget module: see its docstring)

if TYPE_CHECKING:
    from sclab.lessons.personas import Persona, load_personas
    from sclab.ui.answer_memory import AnswerMemory
    from sclab.ui.care_note import CareNote
    from sclab.ui.classroom.class_codes import ClassCodes
    from sclab.ui.classroom.class_export import ClassExport
    from sclab.ui.classroom.class_results import ClassResults
    from sclab.ui.classroom.class_submit import ClassSubmit
    from sclab.ui.compare_to_sample import CompareToSample
    from sclab.ui.explorers.correlation_explorer import CorrelationExplorer
    from sclab.ui.explorers.incremental_validity_explorer import IncrementalValidityExplorer
    from sclab.ui.explorers.mediation_explorer import MediationExplorer
    from sclab.ui.explorers.meta_analysis_explorer import MetaAnalysisExplorer
    from sclab.ui.explorers.moderation_explorer import ModerationExplorer
    from sclab.ui.explorers.pre_post_explorer import PrePostExplorer
    from sclab.ui.explorers.regression_explorer import RegressionExplorer
    from sclab.ui.explorers.scoring_explorer import ScoringExplorer
    from sclab.ui.explorers.three_arm_trial import ThreeArmTrial
    from sclab.ui.explorers.trial_simulator import TrialSimulator
    from sclab.ui.knowledge_check import KnowledgeCheck, Question, load_check
    from sclab.ui.questionnaire import Questionnaire
    from sclab.ui.reflection_journal import ReflectionJournal
    from sclab.ui.score_report import ScoreReport

#: Where each public name lives.
_HOMES = {
    "AnswerMemory": "sclab.ui.answer_memory",
    "CareNote": "sclab.ui.care_note",
    "ClassCodes": "sclab.ui.classroom.class_codes",
    "ClassExport": "sclab.ui.classroom.class_export",
    "ClassResults": "sclab.ui.classroom.class_results",
    "ClassSubmit": "sclab.ui.classroom.class_submit",
    "CompareToSample": "sclab.ui.compare_to_sample",
    "CorrelationExplorer": "sclab.ui.explorers.correlation_explorer",
    "IncrementalValidityExplorer": "sclab.ui.explorers.incremental_validity_explorer",
    "KnowledgeCheck": "sclab.ui.knowledge_check",
    "MediationExplorer": "sclab.ui.explorers.mediation_explorer",
    "MetaAnalysisExplorer": "sclab.ui.explorers.meta_analysis_explorer",
    "ModerationExplorer": "sclab.ui.explorers.moderation_explorer",
    "Persona": "sclab.lessons.personas",
    "PrePostExplorer": "sclab.ui.explorers.pre_post_explorer",
    "Question": "sclab.ui.knowledge_check",
    "Questionnaire": "sclab.ui.questionnaire",
    "ReflectionJournal": "sclab.ui.reflection_journal",
    "RegressionExplorer": "sclab.ui.explorers.regression_explorer",
    "ScoreReport": "sclab.ui.score_report",
    "ScoringExplorer": "sclab.ui.explorers.scoring_explorer",
    "ThreeArmTrial": "sclab.ui.explorers.three_arm_trial",
    "TrialSimulator": "sclab.ui.explorers.trial_simulator",
    "load_check": "sclab.ui.knowledge_check",
    "load_personas": "sclab.lessons.personas",
}

__all__ = [
    "AnswerMemory",
    "CareNote",
    "ClassCodes",
    "ClassExport",
    "ClassResults",
    "ClassSubmit",
    "CompareToSample",
    "CorrelationExplorer",
    "IncrementalValidityExplorer",
    "KnowledgeCheck",
    "MediationExplorer",
    "MetaAnalysisExplorer",
    "ModerationExplorer",
    "Persona",
    "PrePostExplorer",
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


__getattr__, __dir__ = _lazy_attributes(__name__, _HOMES)
