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
