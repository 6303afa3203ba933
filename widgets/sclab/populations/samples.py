"""The shipped simulated samples: small CSV snapshots at each paper's N, loaded by name.

Each ``datasets/samples/<name>.csv`` was written by ``sclab simulate`` from a card and a seed, and
has a data card ``<name>.md`` beside it (generating card and seed, N, a column table and the
command that regenerates it byte for byte).

>>> sample_names()[:2]
['emerging-adults', 'humane-education-india']
>>> load_sample("students-scs").shape[0]
268
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from sclab.resources import shipped_file, shipped_names

__all__ = ["SNAPSHOTS", "Snapshot", "data_card", "load_sample", "sample_names", "snapshot_csv"]


@dataclass(frozen=True)
class Snapshot:
    """How a shipped sample is made: ``sclab simulate CARD --n N --seed SEED [--variant V]``."""

    name: str
    card: str
    n: int
    seed: int
    variant: str | None = None

    @property
    def command(self) -> str:
        extra = f" --variant {self.variant}" if self.variant else ""
        out = f"datasets/samples/{self.name}.csv"
        return f"sclab simulate {self.card} --n {self.n} --seed {self.seed}{extra} --out {out}"


#: Every shipped snapshot, at its paper's N.
SNAPSHOTS = (
    Snapshot("students-scs", "students-scs", 268, 2014),
    Snapshot("spain-compassion-distress", "spain-compassion-distress", 811, 2024),
    Snapshot("table-tennis-athletes", "table-tennis-athletes", 230, 2021),
    Snapshot("emerging-adults", "emerging-adults", 200, 200),
    Snapshot("sc-intervention-trial", "sc-intervention-trial", 75, 2019, "ferrari-2019"),
    Snapshot("trauma-self-compassion", "trauma-self-compassion", 100, 2008),
    Snapshot("parents-autism", "parents-autism", 51, 2014),
    Snapshot("humane-education-india", "humane-education-india", 100, 2024),
)

# A fixed text form, so the same data gives the same bytes on any machine.
_FLOAT_FORMAT = "%.6f"


def snapshot_csv(frame: pd.DataFrame) -> str:
    """The CSV text of a simulated frame, as the snapshots are written (fixed float format, ``\\n``)."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False, float_format=_FLOAT_FORMAT, lineterminator="\n")
    return buf.getvalue()


def sample_names() -> list[str]:
    """The names of the shipped samples, sorted."""
    return shipped_names("samples")


def load_sample(name: str) -> pd.DataFrame:
    """Load a shipped sample by name; an unknown name lists the valid ones. Group columns come back
    as text, item answers as whole numbers, scores as floats."""
    return pd.read_csv(shipped_file("samples", name))


def _columns(card) -> list[tuple[str, str, str]]:
    """(column, possible range, meaning) for every column simulate writes for this card."""
    from sclab.measure.instrument import load_instrument

    rows = []
    for v in card.variables:
        if v.kind == "group":
            rows.append((v.id, " / ".join(v.levels), v.meaning))
        elif v.kind == "instrument":
            inst = load_instrument(v.instrument, wording=False)
            lo, hi = inst.response.min, inst.response.max
            for it in inst.items:
                rev = ", reverse-keyed in the total" if it.reversed else ""
                rows.append(
                    (
                        f"{v.id}_{it.number}",
                        f"{lo}-{hi}",
                        f"{inst.short_name} item {it.number} ({it.subscale}{rev})",
                    )
                )
            how = "raw" if inst.subscale_scoring == "raw" else "keyed"
            for sub in inst.subscales:
                rows.append((f"{v.id}_{sub.id}", f"{lo}-{hi}", f"{sub.label}: mean of its items ({how})"))
            if inst.has_polarity:
                rows.append((f"{v.id}_compassionate", f"{lo}-{hi}", "mean of the positive subscales"))
                rows.append((f"{v.id}_uncompassionate", f"{lo}-{hi}", "mean of the negative subscales (raw)"))
            t_lo, t_hi = inst.total_range()
            rows.append((f"{v.id}_total", f"{t_lo}-{t_hi}", f"{v.label}: total ({inst.total.rule})"))
        elif v.kind == "scale":
            lo, hi = v.response.min, v.response.max
            for j in range(1, v.items + 1):
                rows.append((f"{v.id}_{j}", f"{lo}-{hi}", f"{v.label}: simulated item {j}"))
            rng = f"{lo * v.items}-{hi * v.items}" if v.score == "sum" else f"{lo}-{hi}"
            rows.append((f"{v.id}_total", rng, f"{v.meaning} ({v.score} of the items)"))
        else:
            rows.append((v.id, "any (normal)", v.meaning))
    return rows


def data_card(snapshot: Snapshot) -> str:
    """The data card (Markdown) of a shipped sample, built from its card and snapshot settings."""
    from sclab.populations.card import load_card

    card = load_card(snapshot.card).with_variant(snapshot.variant)
    paper_n = card.n
    lines = [
        f"# Sample `{snapshot.name}` (simulated)",
        "",
        f"{card.title}. Every row is a simulated respondent, not a real person.",
        "",
        f"- generating card: `datasets/cards/{snapshot.card}.yaml` (`sclab.load_card({snapshot.card!r})`)"
        + (f", variant `{snapshot.variant}`" if snapshot.variant else ""),
        f"- seed: {snapshot.seed}",
        f"- N: {snapshot.n} (the paper's N: {paper_n.value:g}; {paper_n.basis})",
        f"- load it: `sclab.load_sample({snapshot.name!r})`",
        f"- regenerate it (byte for byte): `{snapshot.command}`",
        "",
        "What the card says the sample shows: " + " ".join(card.finding.split()),
        "",
        "Where every number comes from: `sclab.load_card(...).provenance()` lists each figure with its",
        "source or assumption. At this N the figures vary from seed to seed as in a real sample.",
        "",
        "| column | range | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c}` | {r} | {m} |" for c, r, m in _columns(card)]
    return "\n".join(lines) + "\n"
