"""The words and table rows of :class:`~sclab.ui.explorers.scoring_explorer.ScoringExplorer`, built
from the numbers of :mod:`sclab.lessons.scoring`; no ipywidgets or plotly.

>>> KEY_LABELS["none"]
'Reverse nothing'
>>> item_label("self_kindness", 5)
'SK 5'
"""

from __future__ import annotations

from html import escape

from sclab.formatting import number
from sclab.lessons.scoring import DRAWS, Keying, Retakes, ShortForm
from sclab.measure.instrument import Instrument
from sclab.measure.psychometrics import Z95
from sclab.populations.comparison import ComparisonSample

__all__ = [
    "KEY_LABELS",
    "SIDES",
    "describe_error",
    "describe_keying",
    "describe_sample",
    "describe_short",
    "error_rows",
    "item_label",
    "item_rows",
    "key_text",
    "key_tooltips",
    "keying_rows",
    "middle_band",
    "short_rows",
]

#: The two sides of the scale, by a subscale's polarity.
SIDES = {"positive": "compassionate", "negative": "uncompassionate"}
_ABBREV = {
    "self_kindness": "SK",
    "self_judgment": "SJ",
    "common_humanity": "CH",
    "isolation": "IS",
    "mindfulness": "MI",
    "over_identification": "OI",
}
KEY_LABELS = {
    "correct": "Reverse the uncompassionate items",
    "none": "Reverse nothing",
    "first_negative_only": "Reverse self-judgment only",
}
KEY_TOOLTIPS_TEMPLATE = [
    "the published key: turn the {n_negative} uncompassionate items around",
    "add up the raw answers as they are",
    "a mistaken key: reverse only the {n_first} {first} items",
]
KEY_TEXT_TEMPLATE = {
    "correct": (
        "<strong>Keyed correctly.</strong> The {n_negative} uncompassionate items ({negative}) are "
        "turned around ({flip} minus the answer), so a higher number always means more "
        "self-compassion. The total is the mean of the {n_components} component means."
    ),
    "none": (
        "<strong>Not keyed.</strong> The total is the plain mean of all {n_items} raw answers: agreeing "
        "with a harsh statement now counts as much toward the total as agreeing with a kind one, so the "
        "two halves partly cancel. Because the scale has {n_positive} compassionate and {n_negative} "
        "uncompassionate items, neither side wins, and every item agrees only weakly with the total."
    ),
    "first_negative_only": (
        "<strong>A wrong key.</strong> Only the {n_first} {first} items are reversed; the {n_rest} "
        "{rest} items are left raw, a slip of the kind public scoring tools have made. Those {n_rest} "
        "items now point against the rest of the scale: their item-total correlations turn negative, "
        "which is how analysts spot a mistaken key."
    ),
}
_SHORT_FORM_NOTE = (
    "does not reproduce the published 12-item SCS-SF (Raes et al. 2011), whose items were chosen "
    "from the long form for their statistics and which reached r of .97 or more with the long form "
    "and alpha of .86 or more. Here the short items are also part of the {n_items}-item total, which "
    "by itself pushes r up."
)
_ALL_ITEMS_NOTE = (
    " With all {n_items} items the two totals differ only in how they average (every item equally, or "
    "each component equally), so r is just below 1."
)


def _counts(inst: Instrument) -> dict[str, object]:
    """The numbers and names the keying texts use, from the instrument file."""
    negative = [s for s in inst.subscales if s.polarity == "negative"]
    first, rest = negative[0], negative[1:]
    size = {s.id: len(inst.subscale_items(s.id)) for s in inst.subscales}
    return {
        "n_items": inst.n_items,
        "n_components": _WORDS.get(len(inst.subscales), str(len(inst.subscales))),
        "n_positive": inst.half("positive").n_items,
        "n_negative": inst.half("negative").n_items,
        "negative": inst.half("negative").members,
        "flip": inst.response.min + inst.response.max,
        "first": first.label.lower(),
        "n_first": size[first.id],
        "rest": " and ".join(s.label.lower() for s in rest),
        "n_rest": sum(size[s.id] for s in rest),
    }


_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def key_tooltips(inst: Instrument) -> list[str]:
    """The tooltips of the three keys, in :data:`KEY_LABELS` order, for ``inst``."""
    return [t.format(**_counts(inst)) for t in KEY_TOOLTIPS_TEMPLATE]


def key_text(inst: Instrument, key: str) -> str:
    """What one key does, in words (HTML), for ``inst``: ``key_text(scs(), "correct")``."""
    return KEY_TEXT_TEMPLATE[key].format(**_counts(inst))


def item_label(subscale: str, number_: int) -> str:
    """An item's short label on the chart: its component's abbreviation and its number."""
    return f"{_ABBREV.get(subscale, subscale)} {number_}"


def describe_sample(ref: ComparisonSample) -> str:
    """Where the sample comes from, in one small paragraph (HTML)."""
    return (
        f"<p><small>Sample: {ref.n:,} simulated students answering the {_scale_name(ref)}, "
        f"drawn with seed {ref.seed} from card '{escape(ref.card_id)}' ({escape(ref.title)}). Built "
        f"from published figures ({escape('; '.join(ref.sources))}). No real person's answers are "
        "used.</small></p>"
    )


def _scale_name(ref: ComparisonSample) -> str:
    from sclab.measure.instrument import load_instrument

    inst = load_instrument(ref.instrument_id, wording=False)
    return f"{inst.n_items}-item {inst.name}"


def describe_keying(k: Keying, sides: list[str], inst: Instrument) -> str:
    """What the key does to alpha and to the item-total correlations of each side (HTML)."""
    now, right = k.summary.loc[k.key], k.summary.loc["correct"]
    neg = [r for r, s in zip(k.r, sides, strict=True) if s == "uncompassionate"]
    pos = [r for r, s in zip(k.r, sides, strict=True) if s == "compassionate"]
    compare = "" if k.key == "correct" else f" (with the right key it is {right['alpha']:.2f})"
    return (
        f"<p>{key_text(inst, k.key)}</p>"
        f"<p><strong>Cronbach's alpha: {now['alpha']:.2f}</strong>{compare}. Item-total correlations "
        f"of the compassionate items: {min(pos):.2f} to {max(pos):.2f}; of the uncompassionate "
        f"items: {min(neg):.2f} to {max(neg):.2f}.</p>"
    )


def keying_rows(k: Keying) -> list[list[str]]:
    """Rows of the three-keys table: key, items reversed, alpha (95% CI), mean r of each side."""
    return [
        [
            KEY_LABELS[name] + (" (shown)" if name == k.key else ""),
            f"{int(row['n_reversed'])}",
            f"{row['alpha']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})",
            f"{row['r_positive']:.2f}",
            f"{row['r_negative']:.2f}",
        ]
        for name, row in k.summary.iterrows()
    ]


def item_rows(k: Keying, order: list, sides: list[str], names: dict[str, str]) -> list[list[str]]:
    """Rows of the item table: number, component, side, reversed, r."""
    return [
        [str(it.number), names[it.subscale], side, "yes" if c in k.reversed_ids else "no", f"{r:.2f}"]
        for it, side, c, r in zip(order, sides, k.item_ids, k.r, strict=True)
    ]


def describe_short(short: ShortForm, n_items: int) -> str:
    """The short set against the full scale, in words (HTML)."""
    s, k = short.summary, short.k
    same = _ALL_ITEMS_NOTE.format(n_items=n_items) if k == n_items else ""
    return (
        f"<p><strong>r = {s['r']:.2f}</strong> between the {n_items}-item total and the mean of {k} items; "
        f"alpha of the {k} items = {s['alpha']:.2f}.{same}</p>"
        "<p>The items are taken from each component in turn (items "
        f"{', '.join(short.numbers)}), so both halves are represented. This <em>mimics</em> a short "
        f"form; it {_SHORT_FORM_NOTE.format(n_items=n_items)}</p>"
    )


def short_rows(short: ShortForm) -> list[list[str]]:
    """Rows of the short-set table: this set, and the published SCS-SF."""
    s = short.summary
    return [
        [f"This short set (n = {int(s['n']):,})", str(short.k), f"{s['r']:.2f}", f"{s['alpha']:.2f}"],
        ["Published SCS-SF (Raes et al. 2011)", "12", ".97 or more", ".86 or more"],
    ]


def middle_band(instrument: Instrument) -> str:
    """How wide the middle band of the instrument's rough guide is (or the whole scale, without bands)."""
    lo, hi = instrument.total_range()
    levels = instrument.bands.levels if instrument.bands else []
    if len(levels) != 3:
        return f"the whole scale runs from {lo} to {hi}"
    return (
        f"the whole '{levels[1].label}' band of Neff's rough guide ({levels[0].upper:.2f} to "
        f"{levels[1].upper:.2f}) is {levels[1].upper - levels[0].upper:.2f} wide"
    )


def describe_error(
    t: Retakes,
    *,
    true_score: float,
    sd: float,
    alpha: float,
    seed: int,
    scale: tuple[float, float],
    band_note: str,
) -> str:
    """The SEM, the 95% band and the retakes, in words (HTML)."""
    lo, hi = scale
    note = (
        f" {t.clipped:,} retakes would have fallen off the {lo}-{hi} scale and are shown at its end."
        if t.clipped
        else ""
    )
    return (
        f"<p><strong>SEM = {sd:.2f} &times; &radic;(1 &minus; {alpha:.2f}) = {t.sem:.2f}</strong> "
        f"points. A person whose true score is {true_score:.2f} would get an observed total between "
        f"<strong>{max(t.low, lo):.2f} and {min(t.high, hi):.2f}</strong> on about 95 of 100 retakes "
        f"(true score &plusmn; {Z95:.2f} &times; SEM = &plusmn; {Z95 * t.sem:.2f}). Of the "
        f"{DRAWS:,} simulated retakes here (seed {seed}), "
        f"{t.inside:.1f}% fell inside the band.{note}</p>"
        f"<p>The band is {t.high - t.low:.2f} points wide; {band_note}. Two people whose observed totals "
        "differ by less than this may not differ at all.</p>"
    )


def error_rows(t: Retakes, *, true_score: float, sd: float, alpha: float) -> list[list[str]]:
    """The one row of the error table: SD, alpha, SEM, true score, band, width, retakes inside."""
    return [
        [
            number(sd),
            number(alpha),
            number(t.sem),
            number(true_score),
            f"{t.low:.2f} to {t.high:.2f}",
            number(t.high - t.low),
            f"{t.inside:.1f}%",
        ]
    ]
