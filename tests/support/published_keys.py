"""Published scoring keys, typed in from ../shared/literature.md independently of the YAML files.

Used by the tests as the independent implementation that the package must agree with.
"""

SCS = {  # Neff 2003: subscale -> (items, reversed for the total)
    "self_kindness": ([5, 12, 19, 23, 26], False),
    "self_judgment": ([1, 8, 11, 16, 21], True),
    "common_humanity": ([3, 7, 10, 15], False),
    "isolation": ([4, 13, 18, 25], True),
    "mindfulness": ([9, 14, 17, 22], False),
    "over_identification": ([2, 6, 20, 24], True),
}

SCS_SF = {  # Raes et al. 2011
    "self_kindness": ([2, 6], False),
    "self_judgment": ([11, 12], True),
    "common_humanity": ([5, 10], False),
    "isolation": ([4, 8], True),
    "mindfulness": ([3, 7], False),
    "over_identification": ([1, 9], True),
}
SCS_SF_REVERSED = {1, 4, 8, 9, 11, 12}


def scs_by_hand(answers: dict[int, int]) -> dict[str, float]:
    """Score one complete SCS response the slow, obvious way (Neff's scoring sheet)."""
    out = {}
    keyed_means = []
    for name, (items, rev) in SCS.items():
        raw = [answers[i] for i in items]
        out[name] = sum(raw) / len(raw)
        keyed = [6 - a if rev else a for a in raw]
        keyed_means.append(sum(keyed) / len(keyed))
    out["total"] = sum(keyed_means) / 6
    out["compassionate"] = (out["self_kindness"] + out["common_humanity"] + out["mindfulness"]) / 3
    out["uncompassionate"] = (out["self_judgment"] + out["isolation"] + out["over_identification"]) / 3
    return out


def scs_sf_by_hand(answers: dict[int, int]) -> dict[str, float]:
    """Score one complete SCS-SF response: mean of the 12 items after reversing six."""
    keyed = [6 - answers[i] if i in SCS_SF_REVERSED else answers[i] for i in range(1, 13)]
    out = {name: sum(answers[i] for i in items) / 2 for name, (items, _) in SCS_SF.items()}
    out["total"] = sum(keyed) / 12
    return out
