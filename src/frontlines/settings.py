"""Every setting of frontlines in one place, and the only code that reads environment variables.

A setting's value comes from, in rising order: its default, the config file (TOML, the same
names as below), its environment variable (`FRONTLINES_<NAME>`), and a command-line option.
`frontlines settings` lists them with their values and where each came from. The object is
frozen and picklable, so worker processes get exactly the parent's settings.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from .read.limits import DEFAULT_MAX_PAGE_BYTES

CONFIG_ENV = "FRONTLINES_CONFIG"
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024


def _default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("frontlines"))


def _setting(default: Any = None, *, help: str, factory: Any = None, secret: bool = False) -> Any:
    """A setting; a `secret` one is left out of the object's repr and shown only as set or not."""
    metadata = {"help": help}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata, repr=not secret)


@dataclass(frozen=True)
class Settings:
    db: str | None = _setting(
        help="Database: an SQLite file or an SQLAlchemy URL (default: frontlines.sqlite in the user data folder)."
    )
    classifier: Path | None = _setting(
        help="Event typing model trained with `frontlines train-classifier` (default: the model built from the shipped examples)."
    )
    geonames: tuple[Path, ...] = _setting(
        (), help=f"GeoNames dump files to add to the gazetteer (in the environment: separated by {os.pathsep!r})."
    )
    cache_dir: Path = _setting(
        factory=_default_cache_dir, help="Folder of built artefacts: the gazetteer index and the typing models."
    )
    max_page_bytes: int = _setting(
        DEFAULT_MAX_PAGE_BYTES,
        help="Largest page, file, JSON line or WARC response read; past it the input is skipped with its reason.",
    )
    max_page_seconds: int = _setting(
        60,
        help="Most CPU seconds one page may take to segment and extract; past it the page is skipped with its reason.",
    )
    max_page_memory_mb: int = _setting(
        2048,
        help="Most memory (MB of resident set) one page may add while it is segmented and extracted; past it the page is skipped with its reason.",
    )
    debug: bool = _setting(False, help="Show tracebacks: a failing page stops the run instead of being skipped.")
    api_token: str | None = _setting(
        help="Bearer token that `frontlines serve` asks of POST /documents; without one the service is read-only.",
        secret=True,
    )
    api_max_body_bytes: int = _setting(
        DEFAULT_MAX_BODY_BYTES, help="Largest request body POST /documents takes; past it the answer is 413."
    )
    api_cors_origins: str | None = _setting(
        help="Origins (comma-separated, or *) whose pages may call `frontlines serve` from a browser; default: none (CORS off)."
    )
    # Where each value came from: default, config file, environment or option. Not a setting.
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(
        cls,
        options: Mapping[str, Any] | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
    ) -> Settings:
        """Settings from the config file, the environment and `options` (None values are not
        given). The config file is `config_file`, else the one named by FRONTLINES_CONFIG, else
        config.toml in the user config folder if there is one."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        path = config_file or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
        if path is None:
            default = Path(platformdirs.user_config_dir("frontlines")) / "config.toml"
            path = default if default.is_file() else None
        if path is not None:
            for name, raw in _read_config(path).items():
                values[name] = _parse(name, raw, f"{path}: {name}")
                origins[name] = str(path)
        for name in setting_names():
            variable = env_variable(name)
            if environ.get(variable):
                values[name] = _parse(name, environ[variable], variable)
                origins[name] = variable
        for name, raw in (options or {}).items():
            if raw is not None:
                values[name] = _parse(name, raw, f"--{name.replace('_', '-')}")
                origins[name] = "option"
        return cls(**values, origins=origins)

    def replace(self, **changes: Any) -> Settings:
        """These settings with some values given as options."""
        origins = dict(self.origins) | {name: "option" for name in changes}
        return dataclasses.replace(self, **changes, origins=origins)

    def describe(self) -> list[tuple[str, str, str, str, str]]:
        """(name, value, where it came from, environment variable, help) of every setting."""
        rows = []
        for f in dataclasses.fields(self):
            if f.name == "origins":
                continue
            value = getattr(self, f.name)
            shown = os.pathsep.join(map(str, value)) if isinstance(value, tuple) else "" if value is None else str(value)
            if not f.repr and value:
                shown = "(set)"
            rows.append((f.name, shown, self.origins.get(f.name, "default"), env_variable(f.name), f.metadata["help"]))
        return rows


def setting_names() -> list[str]:
    return [f.name for f in dataclasses.fields(Settings) if f.name != "origins"]


def env_variable(name: str) -> str:
    return f"FRONTLINES_{name.upper()}"


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ValueError(f"config file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"config file {path}: {exc}") from None
    unknown = sorted(set(data) - set(setting_names()))
    if unknown:
        raise ValueError(f"config file {path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(setting_names())}")
    return data


def _parse(name: str, raw: Any, where: str) -> Any:
    """A value of the setting's type from a string (environment, option) or a TOML value."""
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{where}: expected true or false, got {raw!r}")
    if kind == "int":
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: expected a whole number, got {raw!r}") from None
        if number <= 0:
            raise ValueError(f"{where}: must be positive, got {number}")
        return number
    if kind == "tuple[Path, ...]":
        items = raw if isinstance(raw, (list, tuple)) else str(raw).split(os.pathsep)
        return tuple(Path(str(item)) for item in items if str(item))
    if kind in ("Path", "Path | None"):
        return Path(str(raw)).expanduser()
    return str(raw)
