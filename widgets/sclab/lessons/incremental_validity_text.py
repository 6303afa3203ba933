"""The teaching text of ``IncrementalValidityExplorer``, as data: what the paper did, which of its
figures are in reach, and the two kinds of scores the view can use."""

from __future__ import annotations

__all__ = ["ABOUT", "ABOUT_TITLE", "PUBLISHED", "SCORES"]

#: The scores the regression can use: as measured, or the simulation's true scores.
SCORES = {
    "observed": "scores as measured",
    "true": "true scores, free of measurement error (simulation only)",
}

_NOT_IN_REACH = "not in reach"

#: What Neff and Faso published for each row of the comparison table, as far as it is in reach.
PUBLISHED = {
    "r2_step1": _NOT_IN_REACH,
    "r2_step2": _NOT_IN_REACH,
    "delta_r2": "above 0 for every outcome (abstract); value not in reach",
    "f_change": "significant (abstract); value not in reach",
    "beta_sc": "direction only (abstract); value not in reach",
    "beta_severity": _NOT_IN_REACH,
    "n": "51 (abstract)",
}

ABOUT_TITLE = "What the paper did, and what this regression can and cannot say"
ABOUT = (
    "Neff and Faso (2015, online 2014) asked 51 parents of a child with autism about their child's "
    "symptoms, their own self-compassion and several sides of their well-being. Self-compassion went "
    "with more life satisfaction, hope and goal reengagement and with less depression and parental "
    "stress, and it predicted every one of these over and above how severe the child's symptoms were. "
    "Only the sample size and those directions are in reach for the course: the paper's tables are "
    "not, so the simulated parents are built from marked teaching values and the published column of "
    "the table says 'not in reach' wherever a number is missing.",
    "A hierarchical regression enters predictors in steps. Step 1 holds what the question takes as "
    "given (here, symptom severity); step 2 adds the candidate (self-compassion). The change in R "
    "squared is the share of differences in the outcome that the candidate accounts for beyond step 1, "
    "and its F test asks whether a gain that large would often arise by chance if the candidate added "
    "nothing. That is incremental validity. It is still a correlation: it cannot say that "
    "self-compassion protects parents, since calmer, more satisfied parents might find it easier to be "
    "kind to themselves, or a third thing such as support from others might raise both.",
    "Measurement error matters twice. It weakens every link, so both steps explain less than "
    "error-free measures would; and a severity rating with reliability .85 holds severity constant "
    "only in part, so some of what severity shares with self-compassion can be credited to step 2. "
    "Switch to true scores to see the regression the simulation gives with error-free measures (on "
    "this card both R squared values rise); real studies never have that option.",
)
