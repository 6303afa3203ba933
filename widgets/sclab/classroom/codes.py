"""Class codes that ``sclab`` makes: random, easy to read aloud and type, and not guessable.

A code is ten symbols from Crockford's base-32 alphabet (digits and capital letters without
I, L, O and U, which are easily misread as 1, 1, 0 and V), grouped 4-4-2 and drawn with
:mod:`secrets`, for example ``K7QM-3WXP-9D``.

The odds of guessing one. Ten symbols from 32 give 32 ** 10 = 2 ** 50, about 1.13e15, codes.
A page that tries 44 codes a second for a whole class hour makes 44 * 3600 = 158,400 guesses.
With 100 classes open at once, each guess hits one of them with probability
100 / 2 ** 50 = 8.9e-14, so the chance that any guess in that hour hits is at most
158,400 * 8.9e-14 = 1.4e-8, about 1 in 71 million (:func:`guess_odds` computes it).

Codes that an instructor chooses (``PSY101``) are still accepted by the store; they are
readable, and anyone who can read them can also guess them. Only codes made here carry the
odds above.

>>> code = new_class_code()
>>> len(code), code[4], code[9]
(12, '-', '-')
>>> normalise_class_code(" k7qm-3wxp-9d ")
'K7QM-3WXP-9D'
>>> f"{guess_odds():.1e}"
'1.4e-08'
"""

from __future__ import annotations

import re
import secrets

__all__ = [
    "ALPHABET",
    "GROUPS",
    "SYMBOLS",
    "guess_odds",
    "new_class_code",
    "normalise_class_code",
]

#: Crockford's base-32 alphabet: no I, L, O or U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Symbols per group of a code, joined by "-".
GROUPS = (4, 4, 2)
#: Random symbols in a code (each worth 5 bits).
SYMBOLS = sum(GROUPS)

# A code of this shape in any case, with the letters Crockford reads as digits (O -> 0, I/L -> 1).
_SHAPE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$")
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_class_code() -> str:
    """A new random class code such as ``K7QM-3WXP-9D`` (50 bits from :mod:`secrets`)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    groups, start = [], 0
    for size in GROUPS:
        groups.append(symbols[start : start + size])
        start += size
    return "-".join(groups)


def normalise_class_code(code: str) -> str:
    """``code`` as typed, in the canonical form if it has the shape of a code made here.

    Surrounding spaces go; a code shaped like ``K7QM-3WXP-9D`` is upper-cased and the letters
    O, I and L become 0, 1 and 1, so ``k7qm-3wxp-9d`` reaches the same class. Any other code
    is returned as it was (codes that an instructor chose stay case-sensitive).
    """
    if not isinstance(code, str):
        return code
    text = code.strip()
    upper = text.upper()
    if _SHAPE.match(upper):
        canonical = upper.translate(_MISREAD)
        if all(ch in ALPHABET for ch in canonical.replace("-", "")):
            return canonical
    return text


def guess_odds(per_second: float = 44, seconds: float = 3600, classes_open: int = 100) -> float:
    """The chance (an upper bound) that guessing at ``per_second`` for ``seconds`` hits an open class."""
    return per_second * seconds * classes_open / len(ALPHABET) ** SYMBOLS
