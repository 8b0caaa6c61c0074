from importlib import resources

from frontlines import lexicons


def test_taxonomy_has_acled_six_types_and_25_sub_types():
    tax = lexicons.taxonomy()
    assert len(tax) == 25
    assert {t.event_type for t in tax.values()} == set(lexicons.EVENT_TYPES)
    assert tax["Government regains territory"].event_type == "Battles"
    assert tax["Air/drone strike"].event_type == "Explosions/Remote violence"
    assert all(t.definition for t in tax.values())


def test_every_lexicon_row_has_a_source_note():
    for path in resources.files("frontlines.data").iterdir():
        if not path.name.endswith(".tsv"):
            continue
        rows = lexicons.read_tsv(path.name)
        assert rows, path.name
        source_columns = [c for c in rows[0] if c in ("source", "reason", "note")]
        assert source_columns, f"{path.name} has no source column"
        for row in rows:
            assert any(row[c] for c in source_columns), f"{path.name}: row without a source: {row}"


def test_lexicons_refer_only_to_known_actors_and_types():
    # loading validates the cross references and raises on an unknown name
    assert lexicons.actor_aliases()
    assert lexicons.triggers()
    known = lexicons.actors()
    for outlet in lexicons.outlets():
        assert outlet.speaks_for is None or outlet.speaks_for in known, outlet.name
