"""Exports of the merged fixture corpus: ACLED's CSV loads with pandas in ACLED's column order,
the GeoJSON validates, the Parquet round-trips; inter codes, interactions and notes as ACLED
computes and writes them."""

import io
import json

import geojson
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.export import export
from frontlines.export.acled import acled_row, inter_code, interaction
from frontlines.export.parquet import SCHEMA
from frontlines.store import Store


ACLED = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
OWN = ["confidence", "corroboration", "historical", "claimed_by", "evidence"]

# location, date → inter1, inter2, interaction, civilian_targeting (None: empty)
INTER = {
    ("Raqqa", "2017-06-13"): (2, 2, 22, None),
    ("Ain Issa", "2017-06-20"): (2, 2, 22, None),
    ("Jindayris", "2017-07-07"): (8, 7, 78, "Civilian targeting"),  # Turkey's forces in Syria: external
    ("Idlib", "2017-07-14"): (6, 2, 26, None),
    ("Arak", "2017-07-20"): (2, 1, 12, None),
    ("Al-Qaryatayn", "2017-08-05"): (2, 1, 12, None),
    ("Al-Qaryatayn", "2017-08-27"): (1, 2, 12, None),
    ("Azaz", "2017-09-05"): (3, 2, 23, None),  # an unidentified armed group is a political militia
    ("Kafranbel", "2017-09-19"): (8, 7, 78, "Civilian targeting"),  # Russia's air force in Syria: external
    ("Maarat al-Numan", "2017-09-19"): (8, 7, 78, "Civilian targeting"),
    ("Al-Qaryatayn", "2017-10-01"): (2, 1, 12, None),
    ("Al-Qaryatayn", "2017-10-03"): (1, 2, 12, None),
    ("Douma", "2017-11-14"): (1, 7, 17, "Civilian targeting"),
    ("Eastern Ghouta", "2017-11-14"): (3, 7, 37, "Civilian targeting"),  # "terrorists": an unidentified armed group
    ("Murak", "2017-11-20"): (1, 2, 12, None),
}


@pytest.fixture(scope="module")
def db(corpus_db):
    return corpus_db


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def csv(db):
    frame = pd.read_csv(io.BytesIO(run("export", "--format", "acled-csv", "--db", db).stdout_bytes))
    return frame.set_index(["location", "event_date"], drop=False)


def nan_to_none(value):
    return None if pd.isna(value) else value


def test_csv_has_acleds_columns_in_acleds_order_then_ours(csv):
    assert list(csv.columns) == ACLED + OWN
    assert len(csv) == 15


def test_csv_row_of_the_first_capture(csv):
    row = csv.loc[("Al-Qaryatayn", "2017-08-05")]
    assert row["event_id_cnty"].startswith("SYR") and row["event_id_cnty"][3:].isdigit()
    assert (row["year"], row["time_precision"], row["disorder_type"], row["event_type"]) == (
        2017, 1, "Political violence", "Battles",
    )  # fmt: skip
    assert (row["actor1"], row["actor2"], row["iso"], row["region"], row["country"], row["admin1"]) == (
        "Islamic State (Syria)", "Military Forces of Syria", 760, "Middle East", "Syria", "Homs",
    )  # fmt: skip
    assert (row["latitude"], row["longitude"], row["geo_precision"], row["fatalities"]) == (34.22956, 37.24066, 1, 9)
    assert set(row["source"].split("; ")) == {
        "Reuters", "Amaq News Agency", "Syrian Observatory for Human Rights", "Hawar News Agency",
    }  # fmt: skip
    assert row["source_scale"] == "New media-Other-National-International"
    assert row["notes"] == (
        "On 5 August 2017, Islamic State (Syria) took control of Al-Qaryatayn (Homs) from Military Forces of Syria. "
        "Reported fatalities range from 9 to 20. [fatalities: 9]"
    )
    assert json.loads(row["corroboration"])["outlets"] == 4
    assert (row["historical"], row["claimed_by"]) == (False, "Islamic State (Syria)")
    assert row["evidence"].startswith("Islamic State fighters seized the desert town of al-Qaryatayn")


def test_notes_read_as_acled_writes_them(csv):
    assert csv.loc[("Al-Qaryatayn", "2017-08-27")]["notes"] == (
        "On 27 August 2017, Military Forces of Syria, supported by NDF: National Defence Forces, regained control "
        "of Al-Qaryatayn (Homs) from Islamic State (Syria). Reported fatalities range from 20 to 35. [fatalities: 20]"
    )
    assert csv.loc[("Arak", "2017-07-20")]["notes"] == (
        "On 20 July 2017, Islamic State (Syria) clashed with Military Forces of Syria near Arak (Homs). "
        "Claimed by Islamic State (Syria) only; not independently confirmed. [fatalities: 12]"
    )
    assert csv.loc[("Idlib", "2017-07-14")]["tags"] == "crowd size=no report"


def test_inter_codes_and_interactions(csv):
    got = {
        key: tuple(nan_to_none(row[c]) for c in ("inter1", "inter2", "interaction", "civilian_targeting"))
        for key, row in csv.iterrows()
    }
    assert got == INTER


@pytest.mark.parametrize(
    "actor, country, code",
    [
        ("Military Forces of Russia", "RU", 1),
        ("Military Forces of Russia", "SY", 8),
        ("Military Forces of Lebanon", "LB", 1),  # named from the "{country}" row
        ("Military Forces of Lebanon", "SY", 8),
        ("Peshmerga (Kurdistan Regional Government)", "SY", 8),
        ("Global Coalition Against Daesh", "IQ", 8),
        ("Hezbollah", "SY", 3),
        ("Civilians (Syria)", "SY", 7),
        ("Protesters (Iraq)", "IQ", 6),
        ("Someone nobody listed", "SY", None),
    ],
)
def test_inter_code(actor, country, code):
    assert inter_code(actor, country) == code


def test_interaction_puts_the_smaller_code_first():
    assert (interaction(1, 2), interaction(2, 1), interaction(7, 3), interaction(1, None), interaction(None, None)) == (
        12, 12, 37, 10, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    "filters, count",
    [
        (["--type", "Battles"], 7),
        (["--type", "Air/drone strike"], 3),
        (["--since", "2017-10-01", "--until", "2017-10-31"], 2),
        (["--country", "Syria", "--until", "2017-06-30"], 2),
        (["--country", "Iraq"], 0),
    ],
)
def test_filters(db, filters, count):
    frame = pd.read_csv(io.BytesIO(run("export", "--format", "acled-csv", "--db", db, *filters).stdout_bytes))
    assert list(frame.columns) == ACLED + OWN and len(frame) == count


def test_geojson_validates_with_longitude_first(db, tmp_path):
    path = tmp_path / "events.geojson"
    run("export", "--format", "geojson", "--db", db, "--output", path)
    collection = geojson.loads(path.read_text())
    assert collection.is_valid, collection.errors()
    assert len(collection["features"]) == 15
    (first,) = [
        f for f in collection["features"]
        if f["properties"]["location"] == "Al-Qaryatayn" and f["properties"]["event_date"] == "2017-08-05"
    ]  # fmt: skip
    assert first["geometry"] == {"type": "Point", "coordinates": [37.24066, 34.22956]}
    assert list(first["properties"]) == ACLED + OWN
    assert first["properties"]["corroboration"]["outlets"] == 4


def test_parquet_round_trips_with_its_schema(db, tmp_path):
    path = tmp_path / "events.parquet"
    run("export", "--format", "parquet", "--db", db, "--output", path)
    table = pq.read_table(path)
    assert table.schema.equals(SCHEMA)
    assert table.column_names == ACLED + OWN
    assert table.to_pylist() == [acled_row(r) for r in Store(db).merged_events()]


def test_jsonl_keeps_every_report_and_why(db):
    out = io.BytesIO()
    assert export(Store(db), "jsonl", out, event_type="Non-state actor overtakes territory") == 2
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["event_date"], second["event_date"]) == ("2017-08-05", "2017-10-01")
    assert len(first["reports"]) == 6
    assert {r["outlet"] for r in first["reports"]} >= {"Al Jazeera", "Daily Levant Digest"}
    assert all(r["url"].startswith("https://") and r["evidence"] for r in first["reports"])
    assert set(first["why"]) == {"sub_event_type", "actors", "place", "date", "fatalities", "confidence"}
