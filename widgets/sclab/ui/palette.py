"""Colours for every plot: the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies. Colour never carries meaning alone: traces are also named, labelled or marked."""

from __future__ import annotations

__all__ = ["COMPASSIONATE", "COMPONENT", "SAMPLE", "UNCOMPASSIONATE", "YOU", "side_colour"]

COMPASSIONATE = "#0072B2"  # blue
UNCOMPASSIONATE = "#E69F00"  # orange
COMPONENT = "#009E73"  # bluish green, for instruments without two sides
SAMPLE = "#8C8C8C"  # grey
YOU = "#D55E00"  # vermilion


def side_colour(side: str) -> str:
    return {"compassionate": COMPASSIONATE, "uncompassionate": UNCOMPASSIONATE}.get(side, COMPONENT)
