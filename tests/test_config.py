"""Course settings: shipped defaults, an instructor's override, and clear errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sclab.config import ENV_VAR, ConfigError, config_path, default_config_path, load_config


def test_defaults_are_kind_and_have_no_country_specific_number():
    cfg = load_config()
    assert cfg.course_title == "Self-Compassion Lab"
    assert cfg.questionnaire_mode == "one_page"
    text = " ".join([cfg.help_text, *(f"{r.name} {r.detail} {r.url or ''}" for r in cfg.help_resources)])
    assert "trust" in text and "counselling" in text and "emergency number" in text
    assert "https://findahelpline.com" in text
    assert not re.search(r"\d{3}", text), "no phone numbers by default: they are country-specific"
    assert "not clinical tests" in cfg.not_a_diagnosis
    assert "Nothing is sent" in cfg.privacy_note


def test_the_autouse_fixture_points_at_an_empty_private_file(_private_config):
    assert config_path() == _private_config
    assert load_config() == load_config(default_config_path())


def test_an_instructor_file_overrides_only_the_fields_it_names(tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "institution: Example University\n"
        "questionnaire_mode: item_by_item\n"
        "help_resources:\n"
        "  - name: Student Wellbeing Centre\n"
        "    detail: Room 101, open weekdays\n"
        "    url: https://wellbeing.example.edu\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_VAR, str(path))
    cfg = load_config()
    assert cfg.institution == "Example University"
    assert cfg.questionnaire_mode == "item_by_item"
    assert [r.name for r in cfg.help_resources] == ["Student Wellbeing Centre"]
    assert cfg.not_a_diagnosis == load_config(default_config_path()).not_a_diagnosis


def test_the_user_config_folder_is_used_when_the_variable_is_unset(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() is None
    (tmp_path / "sclab").mkdir()
    (tmp_path / "sclab" / "config.yaml").write_text("institution: Home Campus\n", encoding="utf-8")
    assert load_config().institution == "Home Campus"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "help_resources:\n  - name: Desk\n    url: ftp://x\n",
            r"field 'help_resources\[1\]\.url': .*https://",
        ),
        ("questionnaire_mode: sideways\n", r"field 'questionnaire_mode': .*'one_page' or 'item_by_item'"),
        ("help_resources: []\n", r"field 'help_resources': .*at least 1"),
        ("helptext: hi\n", r"field 'helptext': is not a known setting; valid top-level fields: .*help_text"),
        ("- a list\n", r"expected a mapping"),
        ("institution: [unclosed\n", r"not valid YAML"),
    ],
)
def test_errors_name_the_file_the_field_and_the_rule(tmp_path, content, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_a_missing_file_named_by_the_variable_is_an_error_not_silence(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "typo.yaml"))
    with pytest.raises(ConfigError, match=r"typo\.yaml: configuration file not found"):
        load_config()


def test_the_defaults_ship_inside_the_package():
    import sclab

    path = default_config_path()
    assert path.is_file()
    assert path.parent == Path(sclab.__file__).resolve().parent
