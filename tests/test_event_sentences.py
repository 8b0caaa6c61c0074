"""Single sentences an analyst would code (or not), through the whole pipeline."""

import datetime as dt

import pytest

from frontlines.model import Document

PUBLISHED = dt.date(2017, 9, 10)  # a Sunday


def events(pipeline, text):
    doc = Document(id="t", body=text, published=PUBLISHED, source="Test Wire")
    return pipeline.process(doc, segmented=True).events


@pytest.mark.parametrize(
    "text, sub_event_type, actor1, actor2, location",
    [
        ("ISIS fighters attacked an army checkpoint near Sukhna, killing five soldiers.",
         "Armed clash", "Islamic State (Syria)", "Military Forces of Syria", "Al-Sukhnah"),
        ("Turkish warplanes bombed YPG positions in Afrin on Sunday.",
         "Air/drone strike", "Military Forces of Turkey", "YPG: Peoples Protection Units", "Afrin"),
        ("Unknown gunmen kidnapped a journalist in Idlib on Monday.",
         "Abduction/forced disappearance", "Unidentified Armed Group (Syria)", "Civilians (Syria)", "Idlib"),
        ("Syrian security forces arrested dozens of activists in Damascus.",
         "Arrests", "Military Forces of Syria", None, "Damascus"),
        ("Islamic State fighters withdrew from Tabqa under a deal with the SDF.",
         "Non-violent transfer of territory", "Islamic State (Syria)", None, "Al-Tabqa"),
        ("Iraqi forces recaptured the town of Tal Afar from ISIS in August.",
         "Government regains territory", "Military Forces of Iraq", "Islamic State (Iraq)", "Tal Afar"),
        ("A car bomb exploded in Azaz, killing 12 people.",
         "Remote explosive/landmine/IED", "Unidentified Armed Group (Syria)", None, "Azaz"),
        ("Israeli jets struck targets near Damascus airport overnight, the Syrian army said.",
         "Air/drone strike", "Military Forces of Israel", None, "Damascus International Airport"),
        ("Syrian army soldiers defused an explosive device planted on the road between Homs and Palmyra.",
         "Disrupted weapons use", "Military Forces of Syria", None, "Homs"),
        ("Syrian troops seized weapons and ammunition in Douma on Saturday.",
         "Disrupted weapons use", "Military Forces of Syria", None, "Douma"),
        ("Stone-throwing protesters clashed with police in Homs on Friday.",
         "Violent demonstration", "Protesters (Syria)", "Police Forces of Syria", "Homs"),
        ("Turkish forces set up a new observation post near Saraqib on Monday.",
         "Headquarters or base established", "Military Forces of Turkey", None, "Saraqib"),
    ],
)
def test_sentence_gives_one_event(pipeline, text, sub_event_type, actor1, actor2, location):
    (ev,) = events(pipeline, text)
    assert (ev.sub_event_type, ev.actor1, ev.actor2, ev.location) == (sub_event_type, actor1, actor2, location)
    assert ev.assoc_actor_1 is None or ev.actor1 not in ev.assoc_actor_1


def test_one_sentence_two_events(pipeline):
    found = events(pipeline, "Government forces shelled Kafr Nabl and seized Hamrat on Sunday.")
    assert [e.sub_event_type for e in found] == ["Shelling/artillery/missile attack", "Government regains territory"]
    assert all(e.event_date == PUBLISHED for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "The SDF announced it will launch an offensive on Raqqa next week.",
        "Russia denied that its jets bombed a hospital in Idlib.",
        "Our team attacked well and scored twice in Damascus.",
        "The ceasefire in Aleppo is expected to collapse if the rebels attack again.",
        "The army will not capture Raqqa this year.",
        "Rebels could attack Hama.",
        "Did ISIS seize Palmyra?",
        "Residents of Idlib protested against the bombing of their city.",
    ],
)
def test_no_event_from_future_denied_hypothetical_or_unrelated(pipeline, text):
    found = events(pipeline, text)
    assert all(e.sub_event_type != "Air/drone strike" for e in found)
    if "protested" not in text:
        assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "More than 150,000 people have been killed since the uprising began in 2011.",
        "At least 1,200 civilians have died in air raids on Eastern Ghouta since February 18.",
        "Al-Shabaab attacks have killed more than 400 soldiers in Somalia so far this year.",
        "Houthi shelling has killed 90 civilians in Taiz to date, the UN said.",
        "Residents of Mosul feared revenge attacks by the militants.",
        "Families in Idlib braced for barrel bombs as government forces massed nearby.",
        "Villagers near Gao worry that JNIM fighters will attack again.",
        # purposes, plans and fights that were avoided or ended
        "Hundreds of army troops were deployed to Daraa to fight the rebels.",
        "Army units arrived in Harasta to take part in the planned battle for the town.",
        "HTS and Ahrar al-Sham reached an agreement to end fighting in Idlib.",
    ],
)
def test_no_event_from_running_totals_or_fears(pipeline, text):
    assert events(pipeline, text) == []


def test_a_handover_without_fighting_is_no_battle(pipeline):
    found = events(pipeline, "Islamic State fighters handed over Tabqa to regime forces without any fighting.")
    assert "Armed clash" not in [e.sub_event_type for e in found]


def test_a_dated_event_stays_beside_a_since_of_comparison(pipeline):
    (ev,) = events(pipeline, "A car bomb exploded in Mogadishu on Tuesday, killing five people, the deadliest attack since 2016.")
    assert (ev.sub_event_type, ev.fatalities) == ("Remote explosive/landmine/IED", 5)


def test_its_fighters_belong_to_the_group_whose_agency_speaks(pipeline):
    (ev,) = events(pipeline, "Amaq News Agency claimed that its fighters killed 30 SDF fighters "
                             "in a suicide car bomb attack near the Tabqa airbase.")
    assert (ev.sub_event_type, ev.actor1, ev.actor2) == ("Suicide bomb", "Islamic State (Syria)", "QSD: Syrian Democratic Forces")
    assert ev.claimed_by == ["Islamic State (Syria)"] and ev.fatalities == 30


def test_clearing_explosives_is_a_disrupted_weapons_use_and_clearing_a_village_is_not(pipeline):
    (ev,) = events(pipeline, "Engineering units of the Syrian army cleared explosive devices left by ISIS in Palmyra on Monday.")
    assert (ev.sub_event_type, ev.actor1) == ("Disrupted weapons use", "Military Forces of Syria")
    assert all(e.sub_event_type != "Disrupted weapons use"
               for e in events(pipeline, "The SDF cleared the village of Hamrat of IS fighters on Monday."))


def test_an_undated_retelling_is_the_event_its_lede_dated(pipeline):
    body = (
        "Airstrikes killed 12 civilians in the town of Saraqeb in Idlib province on Thursday, activists said.\n\n"
        "The Syrian Observatory for Human Rights said the airstrikes on Saraqeb killed 12 civilians, including three children."
    )
    (ev,) = events(pipeline, body)
    assert (ev.event_date, ev.time_precision, ev.fatalities) == (dt.date(2017, 9, 7), 1, 12)
    assert "Syrian Observatory for Human Rights" in ev.reported_by


def test_two_dated_strikes_on_one_town_stay_two(pipeline):
    body = (
        "Airstrikes killed 12 civilians in the town of Saraqeb on Thursday, activists said.\n\n"
        "On Friday, airstrikes on Saraqeb killed four more people."
    )
    assert [e.event_date for e in events(pipeline, body)] == [dt.date(2017, 9, 7), dt.date(2017, 9, 8)]


def test_the_same_words_twice_in_a_sentence_are_one_telling(pipeline, resources):
    from frontlines.annotate import annotate
    from frontlines.events.extract import candidates_in

    def candidates(text):
        (sentence,) = annotate(text, nlp=resources.nlp, splitter=resources.splitter, wanted=resources.prefilter)
        return candidates_in(sentence, [])

    # The first telling has its subject; the three after it are word for word the same.
    repeated = "Regime forces shelled Kafr Nabl on Sunday" + ", shelled Kafr Nabl on Sunday" * 3 + "."
    assert len(candidates(repeated)) == 2
    assert len(candidates("Regime forces shelled Kafr Nabl on Sunday, shelled Hamrat, shelled Maarat al-Numan.")) == 3


def test_a_sentence_is_read_for_at_most_a_dozen_tellings(resources):
    """A "sentence" of dozens of distinct triggers is a list or a page built to hurt: it is read
    for its first tellings only, so that its cost stays bounded by its length."""
    from frontlines.annotate import annotate
    from frontlines.events.extract import MAX_TELLINGS_PER_SENTENCE, candidates_in

    towns = ["Kafr Nabl", "Hamrat", "Saraqib", "Ariha", "Binnish", "Taftanaz", "Sarmin", "Jisr al-Shughur"]
    clauses = [f"rebels {verb} {town}" for verb in ("shelled", "stormed") for town in towns]
    text = "On Sunday " + ", ".join(clauses) + "."
    (sentence,) = annotate(text, nlp=resources.nlp, splitter=resources.splitter, wanted=resources.prefilter)
    read = candidates_in(sentence, [])
    assert 0 < len(read) <= MAX_TELLINGS_PER_SENTENCE < len(clauses)
    first = text.index("shelled")
    assert min(sentence.start + c.anchor.idx for c in read) == first


@pytest.mark.parametrize(
    "text, sub_event_type, actor2",
    [
        # a killing, a shooting, a raid: the victim decides between an attack and a clash
        ("Gunmen shot dead a shepherd near Kidal on Tuesday.", "Attack", "Civilians (Mali)"),
        ("Unidentified attackers killed two farmers near Jos on Monday.", "Attack", "Civilians (Nigeria)"),
        ("Boko Haram fighters killed three soldiers in Gwoza on Monday.", "Armed clash", "Military Forces of Nigeria"),
        ("A young man was shot and killed by a Syrian army sniper in Daraa on Sunday.", "Attack", "Civilians (Syria)"),
        # words of fighting, explosions and control the rules did not know
        ("Houthi forces and government troops exchanged fire near Hodeidah on Sunday.", "Armed clash", None),
        ("An explosion hit an army bus in Jalalabad on Friday, killing four soldiers.", "Remote explosive/landmine/IED", None),
        ("Taliban fighters assassinated a district official in Kunduz on Saturday.", "Attack", None),
        ("Regime forces controlled the village of Kafr Nabl on Monday after clashes with the rebels.",
         "Government regains territory", None),
    ],
)
def test_harm_fighting_and_control_told_in_other_words(pipeline, text, sub_event_type, actor2):
    (ev,) = events(pipeline, text)
    assert ev.sub_event_type == sub_event_type
    if actor2:
        assert ev.actor2 == actor2


@pytest.mark.parametrize(
    "text, sub_event_type",
    [
        ("Airstrikes killed 12 civilians in the town of Saraqeb on Thursday.", "Air/drone strike"),
        ("Government forces shelled Kafr Nabl on Sunday, killing two civilians.", "Shelling/artillery/missile attack"),
        ("Warplanes raided the village of Binnish on Sunday.", "Air/drone strike"),
    ],
)
def test_a_killing_told_beside_its_strike_is_the_strike(pipeline, text, sub_event_type):
    assert [e.sub_event_type for e in events(pipeline, text)] == [sub_event_type]


@pytest.mark.parametrize(
    "text",
    [
        "Residents fled the areas controlled by the rebels in Douma on Sunday.",
        "HTS controls most of Idlib province.",
        "Soldiers killed two in Gao on Monday.",  # no victim named: neither a clash nor an attack
        "The army has shot at protesters many times since 2011.",
    ],
)
def test_no_event_from_a_state_of_control_or_a_harm_without_a_victim(pipeline, text):
    assert [e.sub_event_type for e in events(pipeline, text) if e.event_type != "Protests"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Government forces entered the town of Kafr Nabl on Monday after the withdrawal of the rebels.",
        "The army took control of Kafr Nabl on Monday without a fight.",
    ],
)
def test_a_place_taken_after_a_withdrawal_without_fighting_is_a_transfer(pipeline, text):
    found = [e for e in events(pipeline, text) if e.event_type in ("Battles", "Strategic developments")]
    assert [e.sub_event_type for e in found] in ([], ["Non-violent transfer of territory"])
    assert all(e.event_type != "Battles" for e in found)


def test_a_place_taken_after_fighting_and_a_withdrawal_is_a_battle(pipeline):
    (ev,) = events(pipeline, "Regime forces captured Kafr Nabl on Monday after fierce clashes forced the rebels to withdraw.")
    assert ev.sub_event_type == "Government regains territory"


@pytest.mark.parametrize(
    "text",
    [
        "Israeli warplanes flew over Sidon on Monday and carried out mock raids.",
        "Regime forces moved tanks and artillery near Quneitra on Monday.",
        "Soldiers raided the village of Kafr Nabl on Monday.",
    ],
)
def test_no_strike_from_flights_moves_or_a_raid_on_the_ground(pipeline, text):
    assert [e for e in events(pipeline, text) if e.event_type == "Explosions/Remote violence"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Police found two hand grenades and a landmine in a house in Kirkuk on Monday.",
        "Two roadside bombs were discovered near Baiji on Monday.",
        "Saudi air defences announced the interception of a ballistic missile over Najran on Monday.",
    ],
)
def test_weapons_found_or_intercepted_are_a_disrupted_weapons_use(pipeline, text):
    assert {e.sub_event_type for e in events(pipeline, text)} == {"Disrupted weapons use"}


@pytest.mark.parametrize(
    "text",
    [
        "With the protests in Hong Kong exploding to new levels, Beijing is likely to respond.",
        "As protests exploded across the city, army troops deployed near the parliament.",
        "A gas cylinder exploded in a restaurant in Lahore on Monday, injuring three people.",
    ],
)
def test_no_explosive_attack_without_a_device_or_an_armed_side(pipeline, text):
    assert [e for e in events(pipeline, text) if e.event_type == "Explosions/Remote violence"] == []


@pytest.mark.parametrize(
    "text",
    [
        "A Soyuz capsule carrying a Russian crew blasted off for the space station on Monday.",
        "A 27-year-old man was shot twice early Tuesday in an attempted armed robbery, police said.",
        "Police and hospital officials said the 20 killed included four children.",
        "Police say the video showed the accused assaulting a girl in a park in Baltimore.",
        "A man police say shoplifted a bracelet was struck by a car as he fled on foot in Roswell.",
    ],
)
def test_no_event_from_another_verb_a_crime_or_a_toll_told_again(pipeline, text):
    assert events(pipeline, text) == []


def test_an_aircraft_that_killed_is_an_air_strike(pipeline):
    (ev,) = events(pipeline, "Government warplanes killed five civilians in Saraqib on Monday.")
    assert (ev.sub_event_type, ev.actor1, ev.fatalities) == ("Air/drone strike", "Military Forces of Syria", 5)


@pytest.mark.parametrize(
    "text, dead",
    [
        ("Airstrikes on the town of Saraqib on Monday left 13 killed, 43 injured, activists said.", 13),
        ("A car bomb in Azaz on Monday: 8 killed, 58 injured.", 8),
        ("A car bomb exploded in Azaz on Monday, killing 8 people and injuring 58.", 8),
    ],
)
def test_the_dead_are_counted_apart_from_the_injured_in_a_telegraphic_toll(pipeline, text, dead):
    (ev,) = events(pipeline, text)
    assert ev.fatalities == dead



def test_a_page_tells_one_strike_once_with_the_actor_its_retelling_names(pipeline):
    body = (
        "Airstrikes killed 12 civilians in the town of Saraqib in Idlib province on Thursday, activists said.\n\n"
        "Government warplanes struck a market in Saraqib, the Syrian Observatory for Human Rights said, "
        "adding that the death toll could rise."
    )
    (ev,) = events(pipeline, body)
    assert (ev.actor1, ev.fatalities, ev.event_date) == ("Military Forces of Syria", 12, dt.date(2017, 9, 7))
    assert "Syrian Observatory for Human Rights" in ev.reported_by


def test_an_outlet_that_revealed_an_event_reported_it(pipeline):
    (ev,) = events(pipeline, "Al-Masdar News revealed that regime forces shelled Kafr Nabl on Monday.")
    assert "Al-Masdar News" in ev.reported_by


def test_a_capture_told_as_what_came_before_is_the_subjects_capture(pipeline):
    (ev,) = events(pipeline, "The Syrian army entered Palmyra on Sunday after capturing the town of Qaryatayn.")
    assert (ev.sub_event_type, ev.actor1, ev.location) == ("Government regains territory", "Military Forces of Syria", "Al-Qaryatayn")


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian army restored security and stability to the town of Qaryatayn on Sunday.",
        "The Syrian army cleansed the town of Qaryatayn of terrorists on Sunday.",
    ],
)
def test_pro_government_idioms_of_a_capture_are_a_capture(pipeline, text):
    (ev,) = events(pipeline, text)
    assert (ev.sub_event_type, ev.actor1) == ("Government regains territory", "Military Forces of Syria")


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces captured Kafr Nabl on Sunday after clashing with HTS fighters.",
        "After fierce clashes with HTS fighters, regime forces took control of Kafr Nabl on Sunday.",
        "Regime forces captured Kafr Nabl on Sunday, likely following clashes with HTS fighters.",
    ],
)
def test_a_capture_and_its_fight_in_one_sentence_are_one_battle(pipeline, text):
    (ev,) = events(pipeline, text)
    assert (ev.sub_event_type, ev.actor1, ev.actor2) == ("Government regains territory", "Military Forces of Syria", "HTS: Hayat Tahrir al-Sham")


def test_a_suicide_bomber_who_targeted_a_motorcade_is_no_aircraft(pipeline):
    (ev,) = events(pipeline, "An Islamic State suicide bomber targeted a police convoy in Baghdad on Monday, killing six policemen.")
    assert ev.sub_event_type == "Suicide bomb"


def test_militants_who_blew_up_a_house_set_off_an_explosive(pipeline):
    (ev,) = events(pipeline, "Islamic State militants blew up the house of a police officer in Hawija on Monday.")
    assert (ev.sub_event_type, ev.actor1) == ("Remote explosive/landmine/IED", "Islamic State (Iraq)")
