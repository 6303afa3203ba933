"""Marking typed answers in their reasonable forms: a key phrase inside a sentence, or a yes or a no.

A check of understanding should not mark "fictional personas" wrong because the list says
"fictional persona", nor "No, it's not a diagnosis" because the list says "no". Two matchers do
the work, both on words made comparable the same way on each side (:func:`words`): case folded,
curly quotes straightened, contractions spelt out, hyphens and punctuation as spaces, articles
dropped, plurals made singular and -ise spellings folded into -ize.

- :func:`says_phrase`: an accepted phrase appears, word for word, somewhere in the answer, and no
  negation ("not", "never", "no", "without", "instead of") stands just before it: "a fictional
  persona" and "I would use fictional personas" match "fictional persona"; "not a persona" does
  not match "persona".
- :func:`yes_or_no`: what an answer to a yes/no question says. "No", "nope", "No, it's not a
  diagnosis" and "not a diagnosis" say no; "yes, it is a diagnosis" says yes; "yes and no",
  "I'm not sure" and "no idea" say neither.

>>> words("The self-kindness, isn't it?")
('self', 'kindness', 'is', 'not', 'it')
>>> says_phrase("I would pick fictional personas", "a fictional persona")
True
>>> yes_or_no("No, it's not a diagnosis"), yes_or_no("yes, it is a diagnosis"), yes_or_no("not sure")
('no', 'yes', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["matches", "says_phrase", "words", "yes_or_no"]

_ARTICLES = frozenset({"a", "an", "the"})
#: Words that deny what follows them.
_NEGATORS = frozenset({"no", "not", "never", "nope", "nah", "none", "neither", "nor", "cannot", "nothing"})
#: What, just before a phrase, sets it aside: "without a control group", "fixed instead of random".
_SET_ASIDE = _NEGATORS | {"without", "except", "unlike"}
_SET_ASIDE_PAIRS = frozenset({("instead", "of"), ("rather", "than"), ("other", "than")})
_YES = frozenset({"yes", "yeah", "yep", "yup", "aye", "true", "correct", "right", "sure"})
_NO = frozenset({"no", "nope", "nah", "false", "wrong"})
#: Words that only strengthen: alone they agree ("definitely"), before a negation they deny.
_INTENSIFIERS = frozenset({"definitely", "absolutely", "certainly", "of", "course", "indeed", "really"})
#: Word sequences that say the student does not know (checked on the words of a part).
_UNSURE = (
    ("do", "not", "know"),
    ("not", "sure"),
    ("no", "idea"),
    ("unsure",),
    ("maybe",),
    ("perhaps",),
    ("dunno",),
    ("idk",),
    ("depend",),
    ("not", "certain"),
    ("yes", "and", "no"),
)
#: Contractions written with or without the apostrophe (phones often drop it).
_CONTRACTIONS = {
    "can't": "can not", "cant": "can not", "won't": "will not", "wont": "will not",
    "ain't": "is not", "aint": "is not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "hasnt": "has not", "havent": "have not", "shouldnt": "should not", "wouldnt": "would not",
    "couldnt": "could not", "it's": "it is", "that's": "that is", "i'm": "i am", "you're": "you are",
}  # fmt: skip
#: Words that end in -s but are not plurals, kept as they are.
_NOT_PLURAL = frozenset({"yes", "this", "is", "was", "has", "does", "its", "his", "us", "bias", "always"})
_REFLEXIVE = frozenset({"myself", "yourself", "oneself", "himself", "herself", "themselves", "ourselves"})
_SPLIT = re.compile(r"[,;.!?:()\[\]/\n]+|\bbut\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


def _word(token: str) -> str:
    """One word made comparable: singular, -ise spellings written -ize, any "-self" as "oneself"."""
    if token in _REFLEXIVE or token == "yourselves":
        return "oneself"
    if len(token) > 3 and token not in _NOT_PLURAL:
        if token.endswith("ies"):
            token = token[:-3] + "y"
        elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
            token = token[:-1]
    token = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", token)
    return re.sub(r"ement$", "ment", token)  # judgement -> judgment


def words(text: str) -> tuple[str, ...]:
    """The comparable words of ``text`` (see the module's description); ``()`` for no words.

    >>> words("Fictional Personas."), words("self judgement"), words("randomisation")
    (('fictional', 'persona'), ('self', 'judgment'), ('randomization',))
    """
    text = _fold(text)
    for short, long in _CONTRACTIONS.items():
        text = re.sub(rf"(?<![\w']){re.escape(short)}(?![\w'])", long, text)
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"'s\b|'", " ", text)
    raw = re.findall(r"[^\W_]+", text)
    return tuple(_word(t) for t in raw if t not in _ARTICLES)


def _find(haystack: Sequence[str], needle: Sequence[str]) -> list[int]:
    n = len(needle)
    return [i for i in range(len(haystack) - n + 1) if tuple(haystack[i : i + n]) == tuple(needle)]


def says_phrase(answer: str, phrase: str) -> bool:
    """Whether ``phrase`` appears in ``answer`` word for word, not set aside by the two words before it.

    A negation ("not", "never", "no"), "without", "except", or "instead of" / "rather than" just
    before the phrase sets it aside: "fixed effects instead of random effects" does not say
    "random effects".

    >>> says_phrase("Common-humanity, I think", "common humanity"), says_phrase("not a persona", "persona")
    (True, False)
    """
    need, have = words(phrase), words(answer)
    if not need:
        return False
    return any(not _set_aside(have[max(0, i - 2) : i]) for i in _find(have, need))


def _set_aside(before: tuple[str, ...]) -> bool:
    return bool(_SET_ASIDE & set(before)) or before in _SET_ASIDE_PAIRS


def _part(tokens: tuple[str, ...]) -> str | None:
    """What one part of an answer says: 'yes', 'no', 'unsure', 'both' (yes then a denial), or None."""
    if not tokens:
        return None
    if any(_find(tokens, u) for u in _UNSURE):
        return "unsure"
    denied = bool(_NEGATORS & set(tokens))
    if tokens[0] in _YES:
        return "both" if denied else "yes"
    if tokens[0] in _NO or denied:
        return "no"
    if all(t in _INTENSIFIERS for t in tokens):
        return "yes"
    return None


def yes_or_no(answer: str) -> str | None:
    """``'yes'`` or ``'no'`` if every part of ``answer`` that says one says the same; else None.

    The answer is cut into parts at punctuation and at "but"; a part says no if it starts with a
    no-word or holds a negation, yes if it starts with a yes-word (and holds no negation). A part
    that says neither ("it only describes my answers") does not count; one that is unsure, or
    says both, makes the whole answer neither.

    >>> yes_or_no("Nope."), yes_or_no("It isnt"), yes_or_no("yes, it is not"), yes_or_no("it is a diagnosis")
    ('no', 'no', None, None)
    """
    said = {_part(words(piece)) for piece in _SPLIT.split(_fold(answer))} - {None}
    return said.pop() if said in ({"yes"}, {"no"}) else None


def matches(
    answer: str, accepted: Iterable[str], *, yes_no: bool = False, rejected: Iterable[str] = ()
) -> bool:
    """Mark a typed answer: right if it says an accepted phrase and no rejected one.

    With ``yes_no`` the first accepted form is the expected ``"yes"`` or ``"no"``: an answer that
    says it (:func:`yes_or_no`) is right, one that says the other is wrong, and one that says
    neither is marked by the phrases (the other accepted forms, e.g. "only a professional can
    diagnose"). ``rejected`` phrases make an answer wrong even beside an accepted one, so that
    listing every component of a model does not earn the mark.

    >>> matches("No, it's not a diagnosis", ["no"], yes_no=True)
    True
    >>> matches("kindness, common humanity, mindfulness", ["kindness"], rejected=["mindfulness"])
    False
    """
    accepted = list(accepted)
    if any(says_phrase(answer, r) for r in rejected):
        return False
    if yes_no:
        expected = words(accepted[0])
        said = yes_or_no(answer)
        if said is not None:
            return (said,) == expected
        accepted = accepted[1:]
    return any(says_phrase(answer, a) for a in accepted)
