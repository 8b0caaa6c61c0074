import pytest

from frontlines.events.fatalities import FatalityCount


@pytest.fixture(scope="module")
def counter(resources):
    return resources.fatalities


@pytest.mark.parametrize(
    "sentence, fatalities",
    [
        # exact figures, whatever qualifies them
        ("At least 23 ISIS militants were killed in the clashes.", 23),
        ("23 people were killed in the airstrike.", 23),
        ("The YPG said it killed 30 SDF fighters by mistake.", 30),
        ("More than 20 people were killed.", 20),
        ("Up to 30 people were killed.", 30),
        ("Some 40 fighters lost their lives.", 40),
        ("About 50 people were killed.", 50),
        ("Government forces killed an estimated 100 rebels.", 100),
        ("The strikes caused 1,200 fatalities.", 1200),
        ("The Syrian army has killed more than 1,000 militants in the past month.", 1000),
        # a range gives its lower end
        ("Between 20 and 30 people were killed.", 20),
        # numbers in words
        ("A roadside bomb killed three soldiers.", 3),
        ("Two civilians died.", 2),
        ("Twenty-three people were killed.", 23),
        ("A dozen soldiers were killed.", 12),
        ("Seven soldiers died of their wounds.", 7),
        ("ISIS militants beheaded two men.", 2),
        ("ISIS executed 15 men in the town square.", 15),
        # one victim in the singular
        ("A soldier was killed.", 1),
        ("Gunmen shot dead a police officer.", 1),
        ("He was shot dead by a sniper.", 1),
        ("A 23-year-old man was killed.", 1),
        ("ISIS executed a man accused of spying.", 1),
        ("The assassination of a commander in Idlib angered the rebels.", 1),
        # vague quantities (data/fatality_quantities.tsv)
        ("Dozens of civilians were killed in airstrikes.", 12),
        ("Tens of fighters were killed.", 10),
        ("Hundreds of people were killed in the siege.", 100),
        ("Scores of fighters were killed.", 20),
        ("Several militants were killed.", 3),
        ("A number of civilians were killed.", 3),
        ("The army said it had killed dozens of terrorists.", 12),
        # other ways of saying it
        ("Clashes left 12 dead and 30 wounded.", 12),
        ("The attack left one soldier dead.", 1),
        ("The bodies of 12 civilians were found.", 12),
        ("Activists reported the deaths of 11 civilians.", 11),
        ("Clashes between the SDF and ISIS resulted in the death of 17 militants.", 17),
        ("There were 23 deaths.", 23),
        ("The death toll rose to 40.", 40),
        ("23 militants, who were killed in the clashes, were buried.", 23),
        ("Three soldiers killed in an ambush near Deir ez-Zor.", 3),
        ("Two soldiers were shot and killed.", 2),
        ("17 people have been killed since Monday.", 17),
    ],
)
def test_reported_deaths(counter, sentence, fatalities):
    assert counter.count(sentence).fatalities == fatalities


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds of people protested in Idlib.",  # no death
        "The militant group also lost three vehicles.",  # lost, but not lives
        "The rebels lost dozens of fighters.",  # lost fighters may be captured or fled
        "Twelve people were injured.",  # injuries are not coded
        "Casualties were reported.",  # dead and wounded together
        "The attack killed or wounded 20 people.",  # a mixed figure
        "20 people were killed or wounded.",
        "Militants killed civilians in the village.",  # deaths without a number
        "A suicide bomber killed civilians.",  # the bomber is the killer, not a victim
        "ISIS has killed civilians.",
        "The airstrike killed a family.",  # one noun, an unknown number
        "The militants executed a suicide attack.",  # no victim
        "No one was killed.",
        "There were no deaths.",
        "The soldiers were not killed.",
        "The strike could kill thousands.",  # not an event
        "The Turkish army said it neutralized 25 terrorists.",
    ],
)
def test_no_death_figure(counter, sentence):
    assert counter.count(sentence) == FatalityCount(0, None, None, None)


@pytest.mark.parametrize(
    "sentence, fatalities",
    [
        ("5 killed and 12 injured in the attack.", 5),
        ("Four killed, 12 wounded in Raqqa strike", 4),
        ("Twelve killed, 4 wounded in Raqqa strike", 12),
        ("A car bomb exploded in Azaz, killing 43 people and injuring dozens.", 43),
        ("Dozens of people were killed and hundreds wounded.", 12),
        ("A child was killed and five others were wounded by a landmine.", 1),
        ("ISIS fighters killed 4 Kurdish fighters and captured 2 others.", 4),
    ],
)
def test_injuries_beside_deaths_do_not_count(counter, sentence, fatalities):
    assert counter.count(sentence).fatalities == fatalities


@pytest.mark.parametrize(
    "sentence, fatalities",
    [
        ("Government forces killed 3 soldiers and 2 civilians.", 5),
        ("Three soldiers were killed and two civilians died.", 5),
        ("Two SDF fighters and one civilian were killed.", 3),
        ("The attack killed a woman and her two children.", 3),
        ("An ISIS commander and 12 of his fighters were killed.", 13),
        # a part of the dead is not more dead
        ("Five people, including a child, were killed.", 5),
        ("Russian warplanes killed 12 civilians, including three children, in Idlib, activists said.", 12),
    ],
)
def test_different_victims_of_one_report_add_up(counter, sentence, fatalities):
    assert counter.count(sentence).fatalities == fatalities


@pytest.mark.parametrize(
    "sentence, fatalities",
    [
        ("The strike killed 23 people according to the SOHR, while activists said 30 were killed.", 23),
        ("23 people were killed according to the Observatory, 30 according to activists.", 23),
        ("The SOHR said 23 militants were killed while the SDF said 30 fighters were killed.", 23),
        ("The bombing killed 9 people, the health ministry said, while the Observatory put the toll at 12.", 9),
        ("The strike killed 9 people, while the Observatory said 12 died.", 9),
    ],
)
def test_figures_of_different_sources_never_add_up(counter, sentence, fatalities):
    assert counter.count(sentence).fatalities == fatalities


def test_expression_and_offsets_point_at_the_figure(counter):
    sentence = "A roadside bomb killed three soldiers near Daraa."
    res = counter.count(sentence)
    assert res == FatalityCount(3, "killed three soldiers", 16, 37)
    assert sentence[res.start : res.end] == res.expression
    assert counter.count("Some 40 fighters lost their lives.").expression == "Some 40 fighters lost their lives"
    assert counter.count("Killing 3 soldiers and 2 civilians.").expression == "Killing 3 soldiers and 2 civilians"
