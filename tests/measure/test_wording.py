"""Local wording overlay: made-up wording only; the published text never enters the repository."""

from __future__ import annotations

import pytest
import yaml

import sclab
from sclab.measure.instrument import InstrumentFileError
from sclab.measure.wording import apply_wording, find_wording, wording_dir


def made_up(n: int, instrument: str = "scs-sf", **extra) -> dict:
    return {
        "instrument": instrument,
        "source": "made-up wording for tests",
        "items": {i: f"Placeholder statement number {i}." for i in range(1, n + 1)},
        **extra,
    }


def write(folder, name, data):
    path = folder / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_default_folder_is_the_user_config_dir(monkeypatch):
    monkeypatch.delenv("SCLAB_WORDING_DIR")
    from platformdirs import user_config_dir

    assert wording_dir() == __import__("pathlib").Path(user_config_dir("sclab", appauthor=False)) / "wording"


def test_without_an_overlay_the_published_scales_stay_key_only(_private_wording_dir):
    assert find_wording("scs") is None
    assert not sclab.load_instrument("scs").administrable


def test_overlay_in_the_wording_dir_makes_the_scale_administrable(_private_wording_dir):
    write(_private_wording_dir, "scs-sf.yaml", made_up(12))
    sf = sclab.load_instrument("scs-sf")
    assert sf.administrable
    assert sf.items[6].text == "Placeholder statement number 7."
    assert "made-up wording for tests" in sf.wording_source
    # the key is untouched by the overlay
    assert [it.reversed for it in sf.items] == [
        it.reversed for it in sclab.load_instrument("scs-sf", wording=False).items
    ]
    assert (
        sf.score(__import__("pandas").DataFrame([{f"scssf_{i}": 3 for i in range(1, 13)}]))["total"].iloc[0]
        == 3.0
    )


def test_explicit_path_and_listing(tmp_path):
    path = write(tmp_path, "mine.yaml", made_up(26, "scs"))
    assert sclab.load_instrument("scs", wording=path).administrable
    assert not sclab.load_instrument("scs", wording=False).administrable


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (made_up(11), r"scs-sf has 12 items numbered 1-12; the file has 11 \(missing: \[12\]\)"),
        (
            {**made_up(12), "items": {**made_up(12)["items"], 13: "extra"}},
            r"the file has 13 \(not items of scs-sf: \[13\]\)",
        ),
        (made_up(12, "scs"), r"field 'instrument' is 'scs' but this file is used for 'scs-sf'"),
        ({**made_up(12), "items": {**made_up(12)["items"], 3: "  "}}, r"item 3 has no text"),
        (
            {**made_up(12), "items": {**made_up(12)["items"], "three": "x"}},
            r"item key 'three' is not an item number",
        ),
        ({k: v for k, v in made_up(12).items() if k != "source"}, r"field 'source' must say where"),
        ({"instrument": "scs-sf"}, r"expected fields 'instrument', 'source' and 'items'"),
    ],
)
def test_bad_overlays_are_refused_with_the_reason(tmp_path, data, message):
    path = write(tmp_path, "scs-sf.yaml", data)
    with pytest.raises(InstrumentFileError, match=message) as info:
        apply_wording(sclab.load_instrument("scs-sf", wording=False), path)
    assert str(path) in str(info.value)


def test_missing_overlay_file_is_named(tmp_path):
    with pytest.raises(InstrumentFileError, match="no such file"):
        sclab.load_instrument("scs", wording=tmp_path / "nope.yaml")


def test_no_published_wording_in_the_repository():
    for inst in sclab.list_instruments():
        if inst.kind == "published":
            assert all(it.text is None for it in inst.items), inst.id
