from importlib import resources

import pytest

from frontlines import lexicons
from frontlines.lexicons import SCHEMAS, read_tsv


def test_taxonomy_has_acled_six_types_and_25_sub_types():
    tax = lexicons.taxonomy()
    assert len(tax) == 25
    assert {t.event_type for t in tax.values()} == set(lexicons.EVENT_TYPES)
    assert tax["Government regains territory"].event_type == "Battles"
    assert tax["Air/drone strike"].event_type == "Explosions/Remote violence"
    assert all(t.definition for t in tax.values())


def _shipped() -> list[str]:
    return sorted(p.name for p in resources.files("frontlines.data").iterdir() if p.name.endswith(".tsv"))


def test_every_shipped_file_has_a_schema_and_loads():
    assert set(_shipped()) == set(SCHEMAS)
    for name in _shipped():
        assert read_tsv(name), name


def test_every_lexicon_row_has_a_source_note():
    for name in _shipped():
        rows = read_tsv(name)
        assert rows, name
        assert "source" in rows[0], f"{name} has no source column"
        for row in rows:
            assert row["source"], f"{name}:{row.line}: row without a source: {row}"


def test_lexicons_refer_only_to_known_actors_and_types():
    # loading validates the cross references and raises on an unknown name
    assert lexicons.actor_aliases()
    assert lexicons.triggers()
    known = lexicons.actors()
    for outlet in lexicons.outlets():
        assert outlet.speaks_for is None or outlet.speaks_for in known, outlet.name


def _write(directory, name, *lines):
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


TRIGGER_HEADER = "lemmas\tsub_event_type\tpriority\tneeds\tsource"


@pytest.mark.parametrize(
    ("lines", "line", "reason"),
    [
        # a typo in an enum-like column used to disable the rule silently
        (["# note", TRIGGER_HEADER, "shell\tShelling/artillery/missile attack\t80\tplace\tx", "ambush\tattack\t70\tarmed_actr\tx"],
         4, "needs 'armed_actr' is not one of: none, place, armed_actor"),
        ([TRIGGER_HEADER, "ambush\tAtack\t70\tnone\tx"],
         2, "sub_event_type 'Atack' is not in the sub_event_type column of acled_taxonomy.tsv nor one of 'territory', 'attack'"),
        ([TRIGGER_HEADER, "ambush\tattack\tseventy\tnone\tx"], 2, "priority 'seventy' is not a whole number"),
        ([TRIGGER_HEADER, "ambush\tattack\t70\tnone\t"], 2, "source is empty"),
        ([TRIGGER_HEADER, "", "# comment lines and blank lines count", "ambush\tattack\t70\tnone"],
         4, "4 cells, the header has 5 columns"),
        (["lemmas\tsub_event_type\tpriority\tneed\tsource"], 1, "unknown column 'need'"),
        (["lemmas\tsub_event_type\tpriority\tneeds"], 1, "missing column 'source'"),
        (["# only notes"], 1, "no header line"),
    ],
)
def test_a_violation_names_file_line_and_reason(tmp_path, lines, line, reason):
    _write(tmp_path, "triggers.tsv", *lines)
    with pytest.raises(ValueError) as error:
        read_tsv("triggers.tsv", tmp_path)
    assert str(error.value).startswith(f"{tmp_path / 'triggers.tsv'}:{line}: {reason}")


@pytest.mark.parametrize(
    ("name", "lines", "line", "reason"),
    [
        ("actor_aliases.tsv", ["alias\tactor\tcase_sensitive\tsource", "Daesh\tIslamic Stat\tno\tx"],
         2, "actor 'Islamic Stat' is not in the actor column of actors.tsv"),
        ("actor_aliases.tsv", ["alias\tactor\tcase_sensitive\tsource", "IS\tIslamic State ({country})\ttrue\tx"],
         2, "case_sensitive 'true' is not yes or no"),
        ("places_world.tsv",
         ["id\tname\taliases\tfeature_code\tcountry_code\tadmin1_code\tlatitude\tlongitude\tprecision\tpopulation\tsource",
          "r1\tSahel\tthe Sahel||Sahil\tRGN\t\t\t15\t0\t3\t\tx"],
         2, "aliases 'the Sahel||Sahil' has an empty item"),
        ("places_world.tsv",
         ["id\tname\taliases\tfeature_code\tcountry_code\tadmin1_code\tlatitude\tlongitude\tprecision\tpopulation\tsource",
          "r1\tSahel\t\tRGN\t\t\t15N\t0\t3\t\tx"],
         2, "latitude '15N' is not a number"),
        ("outlets.tsv",
         ["name\taliases\tcountry\talignment\tspeaks_for\tkind\tsource", "X\t\tSyria\tinternational\t\toutlet\tx"],
         2, "country 'Syria' is not an ISO 3166-1 alpha-2 country code"),
        ("segment_boilerplate.tsv", ["kind\tpattern\tsource", "widget\tshare (this\tx"],
         2, "pattern 'share (this' is not a regular expression"),
        ("historical_cues.tsv", ["cue\tsource", "# a note", "previously\tx", "previously\ty"],
         4, "cue 'previously' repeats line 3"),
        ("event_words.tsv", ["list\tword\tsource", "armed_nouns\tmilitant\tx"],
         2, "list 'armed_nouns' is not one of: armed_noun,"),
    ],
)
def test_each_kind_of_violation(tmp_path, name, lines, line, reason):
    _write(tmp_path, name, *lines)
    with pytest.raises(ValueError) as error:
        read_tsv(name, tmp_path)
    assert str(error.value).startswith(f"{tmp_path / name}:{line}: {reason}")


def test_a_file_without_a_schema_is_refused(tmp_path):
    _write(tmp_path, "my_words.tsv", "word\tsource", "x\ty")
    with pytest.raises(ValueError, match="my_words.tsv: no schema"):
        read_tsv("my_words.tsv", tmp_path)


def test_a_user_directory_extends_a_lexicon(tmp_path):
    shipped = (resources.files("frontlines.data") / "historical_cues.tsv").read_text(encoding="utf-8")
    (tmp_path / "historical_cues.tsv").write_text(shipped + "as was the case in\tanalyst: background formula\n")
    rows = read_tsv("historical_cues.tsv", tmp_path)
    assert rows[-1]["cue"] == "as was the case in"
    assert rows[-1].line == len(shipped.splitlines()) + 1
    assert [r["cue"] for r in rows[:-1]] == [r["cue"] for r in read_tsv("historical_cues.tsv")]


def test_a_user_directory_row_is_used_by_the_loaders(tmp_path):
    shipped = (resources.files("frontlines.data") / "actor_aliases.tsv").read_text(encoding="utf-8")
    (tmp_path / "actor_aliases.tsv").write_text(shipped + "Daulah\tIslamic State ({country})\tno\tanalyst\n")
    aliases = {a.alias: a.actor for a in lexicons.actor_aliases(tmp_path)}
    assert aliases["Daulah"] == "Islamic State ({country})"
    assert "Daulah" not in {a.alias for a in lexicons.actor_aliases()}
    # files the directory lacks come from the package: actors.tsv here
    assert lexicons.actors(tmp_path) == lexicons.actors()


def test_cross_references_are_read_from_the_user_directory(tmp_path):
    shipped = (resources.files("frontlines.data") / "actors.tsv").read_text(encoding="utf-8")
    (tmp_path / "actors.tsv").write_text(shipped + "Militia (Tribe)\t4\tSY\t\t-\tanalyst\n")
    _write(tmp_path, "actor_aliases.tsv", "alias\tactor\tcase_sensitive\tsource", "tribal fighters\tMilitia (Tribe)\tno\tanalyst")
    assert lexicons.actor_aliases(tmp_path)[0].actor == "Militia (Tribe)"
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "actor_aliases.tsv").write_text((tmp_path / "actor_aliases.tsv").read_text())
    with pytest.raises(ValueError, match=r"actor_aliases.tsv:2: actor 'Militia \(Tribe\)' is not in the actor column of actors.tsv"):
        read_tsv("actor_aliases.tsv", alone)


def test_word_lists_keep_the_file_order():
    assert lexicons.words("event_words.tsv", "modal_aux")[:3] == ("will", "would", "could")
    with pytest.raises(KeyError):
        lexicons.words("event_words.tsv", "modal_auxes")
