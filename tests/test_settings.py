"""Settings: defaults < config file < environment < options, one-line errors, and the listing."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.settings import Settings, env_variable, setting_names


def test_defaults_without_environment_or_file():
    settings = Settings.load(environ={})
    assert settings.db is None and settings.classifier is None and settings.geonames == ()
    assert settings.max_page_bytes == 20 * 1024 * 1024 and settings.debug is False
    assert all(origin == "default" for *_, origin, _, _ in [(r[0], r[1], r[2], r[3], r[4]) for r in settings.describe()])


def test_file_then_environment_then_options(tmp_path: Path):
    config = tmp_path / "frontlines.toml"
    config.write_text('db = "from-file.sqlite"\nmax_page_bytes = 1000\ngeonames = ["a.txt", "b.txt"]\n')
    environ = {"FRONTLINES_CONFIG": str(config), "FRONTLINES_MAX_PAGE_BYTES": "2000", "FRONTLINES_DEBUG": "yes"}
    settings = Settings.load({"max_page_bytes": 3000, "db": None}, environ=environ)
    assert settings.db == "from-file.sqlite" and settings.origins["db"] == str(config)
    assert settings.geonames == (Path("a.txt"), Path("b.txt"))
    assert settings.max_page_bytes == 3000 and settings.origins["max_page_bytes"] == "option"
    assert settings.debug is True and settings.origins["debug"] == "FRONTLINES_DEBUG"
    assert Settings.load(environ={"FRONTLINES_GEONAMES": "x.txt:y.txt"}).geonames == (Path("x.txt"), Path("y.txt"))


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"FRONTLINES_MAX_PAGE_BYTES": "lots"}, "FRONTLINES_MAX_PAGE_BYTES: expected a whole number, got 'lots'"),
        ({"FRONTLINES_MAX_PAGE_BYTES": "-5"}, "must be positive"),
        ({"FRONTLINES_DEBUG": "perhaps"}, "FRONTLINES_DEBUG: expected true or false"),
    ],
)
def test_bad_values_name_where_they_came_from(environ, message):
    with pytest.raises(ValueError, match=message):
        Settings.load(environ=environ)


def test_config_file_errors_are_one_line(tmp_path: Path):
    config = tmp_path / "c.toml"
    config.write_text("colour = 'red'\n")
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.load(config_file=config, environ={})
    config.write_text("db = \n")
    with pytest.raises(ValueError, match=str(config)):
        Settings.load(config_file=config, environ={})
    result = CliRunner().invoke(app, ["--config", str(config), "settings"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_settings_command_lists_every_setting_and_its_origin(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["settings"], env={"FRONTLINES_DB": str(tmp_path / "x.sqlite"), "COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    for name in setting_names():
        assert name in result.stdout and env_variable(name) in result.stdout
    assert str(tmp_path / "x.sqlite") in result.stdout


def test_settings_are_the_only_reader_of_the_environment():
    source = Path(__file__).parents[1] / "src" / "frontlines"
    readers = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "os.environ" in path.read_text() or "getenv(" in path.read_text()
    ]
    assert readers == ["settings.py"]
