"""Course settings and help resources, read from one configuration file.

The package ships sensible defaults (``sclab/default_config.yaml``). An instructor changes any
of them with a YAML file holding only the fields to change, found at ``$SCLAB_CONFIG`` or, when
that is unset, at ``config.yaml`` in the user configuration folder (on Linux
``~/.config/sclab/config.yaml``). Lists are replaced as a whole; every other field keeps its
default. The file is validated, and a mistake names the file, the field and the rule.

>>> cfg = load_config(default_config_path())   # the shipped defaults alone
>>> cfg.course_title
'Self-Compassion Lab'
>>> "diagnos" in cfg.not_a_diagnosis
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sclab._yamlfiles import describe_validation_error, read_mapping
from sclab.errors import ConfigError

__all__ = [
    "ENV_VAR",
    "ConfigError",
    "CourseConfig",
    "HelpResource",
    "config_path",
    "default_config_path",
    "load_config",
]

#: Environment variable naming the instructor's configuration file.
ENV_VAR = "SCLAB_CONFIG"

_DEFAULT = Path(__file__).resolve().parent / "default_config.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class HelpResource(_Model):
    """One place to get support: a name, a line about it and, optionally, a web address."""

    name: str = Field(min_length=1)
    detail: str = ""
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"must be a web address starting with https:// or http://; got {value!r}")
        return value


class CourseConfig(_Model):
    """The validated settings. Every text shown to students about help and privacy lives here."""

    course_title: str = Field(min_length=1)
    institution: str | None = None
    questionnaire_mode: Literal["one_page", "item_by_item"] = "one_page"
    help_title: str = Field(min_length=1)
    help_text: str = Field(min_length=1)
    help_resources: list[HelpResource] = Field(min_length=1)
    not_a_diagnosis: str = Field(min_length=1)
    privacy_note: str = Field(min_length=1)


def default_config_path() -> Path:
    """The defaults shipped inside the package."""
    return _DEFAULT


def config_path() -> Path | None:
    """The instructor's file in use: ``$SCLAB_CONFIG``, else the user config file if it exists.

    A path named by ``$SCLAB_CONFIG`` is returned even when missing, so that a typo is reported
    rather than silently ignored.
    """
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_config_dir

    path = Path(user_config_dir("sclab", appauthor=False)) / "config.yaml"
    return path if path.is_file() else None


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(
            f"{path}: configuration file not found (named by ${ENV_VAR} or passed in); "
            f"create it or unset {ENV_VAR} to use the defaults"
        )
    return read_mapping(path, ConfigError, label=str(path), empty_ok=True)


def load_config(path: str | Path | None = None) -> CourseConfig:
    """The course settings: the shipped defaults with the instructor's file laid over them.

    ``path`` names a file to use instead of ``$SCLAB_CONFIG`` and the user config folder.
    Raises :class:`ConfigError` naming the file, the field and the rule when a value is wrong.
    """
    data = _read(_DEFAULT)
    override = Path(path).expanduser() if path is not None else config_path()
    source = _DEFAULT
    if override is not None:
        data = {**data, **_read(override)}
        source = override
    try:
        return CourseConfig.model_validate(data)
    except ValidationError as exc:
        hint = f"is not a known setting; valid top-level fields: {', '.join(CourseConfig.model_fields)}"
        raise ConfigError(describe_validation_error(str(source), exc, extra_hint=hint)) from None
