"""Who acted and where, in sentences written for the failure classes of real reporting, in
several wars: state forces named by their demonym or by "regime", the groups ACLED names,
coalitions named by the country they strike in, operations as actors, places abroad that only
share a village's name."""

import datetime as dt

import pytest

from frontlines.model import Document

PUBLISHED = dt.date(2018, 3, 5)


def events(pipeline, text):
    doc = Document(id="t", body=text, published=PUBLISHED, source="Test Wire")
    return pipeline.process(doc, segmented=True).events


@pytest.mark.parametrize(
    "text, actor1, country",
    [
        # state forces by demonym or by the opposition's word for them
        ("A Russian airstrike on Maarat al-Numan killed four civilians.", "Military Forces of Russia", "Syria"),
        ("Regime aircraft bombed Saraqeb on Monday, killing two civilians.", "Military Forces of Syria", "Syria"),
        ("Government warplanes struck Kafr Nabl, killing three people.", "Military Forces of Syria", "Syria"),
        ("Turkish artillery shelled Tal Rifaat on Sunday.", "Military Forces of Turkey", "Syria"),
        ("Israeli warplanes struck a building in Gaza City, killing two people.", "Military Forces of Israel", "Palestinian Territory"),
        ("Saudi border guards shelled houses in Razih district, killing a child.", "Military Forces of Saudi Arabia", "Yemen"),
        ("Malian soldiers attacked a village near Mopti, killing 12 civilians.", "Military Forces of Mali", "Mali"),
        # a coalition is named by where it strikes
        ("Coalition jets struck Houthi positions in Saada, killing five fighters.", "Operation Restoring Hope", "Yemen"),
        ("Saudi-led coalition warplanes launched four air raids on Sanaa.", "Operation Restoring Hope", "Yemen"),
        ("Coalition jets struck Islamic State positions near Hajin, killing five militants.", "Global Coalition Against Daesh", "Syria"),
        # groups ACLED names, in many wars
        ("The Houthis shelled a market in Taiz, killing three civilians.", "Military Forces of Yemen (2016-) Supreme Political Council", "Yemen"),
        ("Pro-Houthi forces fired a missile at Jizan on Sunday.", "Military Forces of Yemen (2016-) Supreme Political Council", "Saudi Arabia"),
        ("Al-Shabaab militants attacked a military base in Mogadishu, killing 10 soldiers.", "Al Shabaab", "Somalia"),
        ("JNIM fighters attacked an army post near Gao, killing six soldiers.", "JNIM: Group for Support of Islam and Muslims", "Mali"),
        ("ISWAP fighters attacked a military base in Maiduguri, killing eight soldiers.", "Islamic State West Africa Province", "Nigeria"),
        ("RSF fighters shelled El Fasher on Friday, killing 12 civilians.", "RSF: Rapid Support Forces", "Sudan"),
        ("M23 rebels attacked army positions near Goma, killing four soldiers.", "M23: March 23 Movement", "Democratic Republic of the Congo"),
        ("The SDF clashed with Islamic State fighters in Hajin.", "QSD: Syrian Democratic Forces", "Syria"),
        ("HTS fighters shelled Aleppo, killing two civilians.", "HTS: Hayat Tahrir al-Sham", "Syria"),
        ("Fano militiamen attacked an army camp near Bahir Dar, killing six soldiers.", "Fano Militia", "Ethiopia"),
        ("TTP militants attacked a police station in Bannu, killing four policemen.", "TTP: Tehreek-i-Taliban Pakistan", "Pakistan"),
        ("CODECO militiamen attacked a displacement camp near Bunia, killing 20 civilians.", "CODECO: Cooperative for the Development of Congo", "Democratic Republic of the Congo"),
        ("ELN guerrillas attacked a military base in Arauca, killing two soldiers.", "ELN: National Liberation Army", "Colombia"),
        ("Ansaroul Islam fighters attacked a village near Djibo, killing 15 civilians.", "Ansaroul Islam", "Burkina Faso"),
        # an operation's name is an actor, not a place
        ("Operation Olive Branch forces shelled Afrin, killing three civilians.", "Operation Olive Branch", "Syria"),
    ],
)
def test_the_actor_is_named_as_acled_names_it(pipeline, text, actor1, country):
    found = events(pipeline, text)
    assert found, text
    assert (found[0].actor1, found[0].country) == (actor1, country)


def test_an_authored_weapon_and_a_purpose_clause_give_the_author(pipeline):
    """ "IS IED", "regime shelling", "used rocket launchers to shell": the author is named
    before the weapon or in the clause the trigger serves."""
    assert [e.actor1 for e in events(pipeline, "Two men were killed by regime shelling on the city of Duma.")] == [
        "Military Forces of Syria"
    ]
    used = events(pipeline, "Regime forces used rocket launchers to shell Latamneh, causing damage.")
    assert [(e.sub_event_type, e.actor1) for e in used] == [("Shelling/artillery/missile attack", "Military Forces of Syria")]


def test_a_clash_between_two_named_sides_is_one_battle(pipeline):
    found = events(pipeline, "Clashes and exchange of shelling between regime forces and rebels in Kafr Zita, Hama.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [
        ("Armed clash", "Military Forces of Syria", "Opposition Rebels (Syria)")
    ]


def test_a_village_the_gazetteer_lacks_is_not_a_homonym_abroad(pipeline):
    """Syria's Ash Sha'rah is not in the gazetteer; Italy's Sciara is its nearest spelling. The
    page is about Syria (regime forces fight there), so the event is placed in Syria, only as
    precisely as that (geo_precision 3)."""
    found = events(pipeline, "Regime forces shelled the village of Ash Sha'rah, damaging houses.")
    assert [(e.country, e.geo_precision) for e in found] == [("Syria", 3)]


def test_a_capture_of_an_unnamed_place_is_not_a_capture_of_a_country(pipeline):
    """A territorial change needs the place that changed hands; the country alone would make
    the control timeline of a whole country flip."""
    found = events(pipeline, "Regime forces captured the village of Khirbet Zzyxq after clashes with rebels.")
    assert all(e.sub_event_type != "Government regains territory" for e in found)


def test_a_strike_abroad_without_a_place_is_not_put_in_the_striking_state(pipeline):
    """ "Russian warplanes" says who flew, not where: with no place named, the event has no
    country rather than Russia's."""
    found = events(pipeline, "Russian warplanes carried out several air raids, killing four people.")
    assert all(e.country != "Russia" for e in found)


def test_a_neighbourhood_is_placed_at_its_town(pipeline):
    """"The Zahra neighbourhood of Homs" was resolved in Tunisia (Ez Zahra): ACLED codes it at Homs."""
    (ev,) = events(pipeline, "Regime forces shelled the Zahra neighbourhood of Homs on Friday, killing two people.")
    assert (ev.location, ev.country, ev.geo_precision) == ("Homs", "Syria", 1)
