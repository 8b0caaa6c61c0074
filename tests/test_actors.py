from frontlines.events.actors import fill_country, find_actor_mentions


def actors_of(text):
    return [(m.text, m.actor) for m in find_actor_mentions(text)]


def test_aliases_normalise_to_one_actor():
    text = "ISIS, IS, ISIL and Daesh are one group. The Syrian Arab Army (SAA) and Assad forces too."
    found = actors_of(text)
    assert [a for _, a in found[:4]] == ["Islamic State ({country})"] * 4
    assert ("Syrian Arab Army", "Military Forces of Syria") in found
    assert ("SAA", "Military Forces of Syria") in found
    assert ("Assad forces", "Military Forces of Syria") in found


def test_the_verb_is_is_not_the_islamic_state():
    assert actors_of("This is a quiet town. It is what it is.") == []


def test_longest_alias_wins():
    assert actors_of("Syrian government forces advanced.") == [("Syrian government forces", "Military Forces of Syria")]


def test_the_militant_group_refers_to_the_last_non_state_actor():
    text = "ISIS militants were killed near the field. The militant group also lost three vehicles."
    found = find_actor_mentions(text)
    assert found[-1].text == "The militant group"
    assert found[-1].actor == "Islamic State ({country})"
    assert found[-1].by_reference


def test_a_reference_with_nothing_before_it_is_not_an_actor():
    assert actors_of("The group said it would hold talks.") == []


def test_country_is_filled_from_the_event():
    assert fill_country("Islamic State ({country})", "Syria") == "Islamic State (Syria)"
    assert fill_country("Islamic State ({country})", "Iraq") == "Islamic State (Iraq)"
    assert fill_country("Islamic State ({country})", None) == "Islamic State"
    assert fill_country("Military Forces of Russia", "Syria") == "Military Forces of Russia"


def test_every_state_has_its_forces_by_demonym():
    """No lexicon row lists "Malian soldiers" or "Congolese army": the demonyms of every country
    (countryinfo) and the force words of state_force_words.tsv make them."""
    assert actors_of("Malian soldiers and Burkinabe troops") == [
        ("Malian soldiers", "Military Forces of Mali"),
        ("Burkinabe troops", "Military Forces of Burkina Faso"),
    ]
    assert actors_of("Turkish police detained him.") == [("Turkish police", "Police Forces of Turkey")]
    # an actors.tsv row names the state's forces where ACLED's name is not the pattern
    assert actors_of("US troops withdrew.") == [("US troops", "Military Forces of the United States")]
    # "government" and "regime" are the state of the event's country
    assert actors_of("government warplanes") == [("government warplanes", "Military Forces of {country}")]


def test_a_written_alias_wins_over_a_made_one():
    assert actors_of("Syrian forces advanced.") == [("Syrian forces", "Military Forces of Syria")]


def test_a_generic_actor_is_named_by_the_country_of_the_event():
    assert fill_country("Coalition forces", "Yemen", "YE") == "Operation Restoring Hope"
    assert fill_country("Coalition forces", "Iraq", "IQ") == "Global Coalition Against Daesh"
    assert fill_country("Kurdish forces", "Iraq", "IQ") == "Peshmerga (Kurdistan Regional Government)"
    assert fill_country("Kurdish forces", "Syria", "SY") == "YPG: Peoples Protection Units"
    assert fill_country("Unnamed air force", "Syria", "SY") == "Unidentified Armed Group (Syria)"
