"""Reported fatalities of a sentence, counted the way ACLED counts them.

ACLED codes the most conservative figure a report gives and no injuries. So:

* a stated number is taken as it stands: "at least 23", "more than 20", "some 40", "up to 30"
  all give the number; a range gives its lower end ("between 20 and 30" → 20);
* vague quantities come from `data/fatality_quantities.tsv` ("dozens" → 12, ACLED's own rule);
* one victim named in the singular counts 1 ("a soldier was killed");
* deaths without a number count 0 ("killing civilians"), as do injuries and figures that mix
  the dead and the wounded ("killed or wounded 20", "casualties");
* different victims of one report add up ("killed 3 soldiers and 2 civilians" → 5), while the
  figures of different sources for the same deaths do not: the lowest source wins ("23 according
  to the Observatory, while activists said 30 were killed" → 23).

Who died is read from spaCy's dependency parse, not from word order: the dead are the object of
"killed" but its subject in the passive, and "A roadside bomb killed three soldiers" must not
count the bomb. Numbers in words ("twenty-three", "a dozen") are read by recognizers-text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from recognizers_number import NumberRecognizer
from recognizers_text import Culture
from recognizers_text.model import Model
from spacy.language import Language
from spacy.tokens import Span, Token

from .. import lexicons

# Which part of speech each kind of term in `fatality_terms.tsv` applies to: the kinds this
# module's code reads (schema.py lists them all) and spaCy POS tags, grammar, not words.
_POS = {"kill": {"VERB"}, "die": {"VERB"}, "dead": {"ADJ"}, "death": {"NOUN"}, "killing": {"NOUN"}, "toll": {"NOUN"}}
_SUBJECTS = ("nsubj", "nsubjpass")  # spaCy dependency labels
_SINGULAR_PRONOUNS = set(lexicons.words("event_words.tsv", "singular_pronoun"))


@dataclass(frozen=True)
class FatalityCount:
    fatalities: int
    expression: str | None  # the words that gave the figure
    start: int | None  # character offsets of `expression` in the sentence, end exclusive
    end: int | None


@dataclass(frozen=True)
class _Claim:
    value: int
    start: int
    end: int
    victims: str | None  # who died ("soldier"), None for a bare figure ("5 killed")
    source: int | None  # token index of the reporting verb or "according" the figure hangs from


@dataclass(frozen=True)
class _Terms:
    kinds: dict[str, set[str]]  # lemma → kinds
    phrases: dict[str, str]  # verb lemma → object lemma, for "lose life"
    quantities: tuple[tuple[re.Pattern[str], int], ...]  # vague quantity phrases, longest first
    reporting: frozenset[str]


@cache
def _terms() -> _Terms:
    kinds: dict[str, set[str]] = defaultdict(set)
    phrases = {}
    for row in lexicons.read_tsv("fatality_terms.tsv"):
        lemma, *obj = row["lemma"].split()
        kinds[lemma].add(row["kind"])
        if obj:
            phrases[lemma] = obj[0]
    rows = sorted(lexicons.read_tsv("fatality_quantities.tsv"), key=lambda r: -len(r["phrase"]))
    quantities = [(re.compile(rf"\b{re.escape(r['phrase'])}\b"), int(r["value"])) for r in rows]
    # The reporting verbs attribution already knows: each one opens a separate claim.
    reporting = frozenset(r["cue"] for r in lexicons.read_tsv("attribution_cues.tsv") if r["kind"] in ("report", "claim"))
    return _Terms(dict(kinds), phrases, tuple(quantities), reporting)


# No single event is reported with more deaths; a larger figure is a misreading (a year, an
# amount of money), and it would not fit the 32-bit fatality columns of the store and exports.
MAX_FATALITIES = 1_000_000


class FatalityCounter:
    """Counts the deaths a sentence reports: the number recognizer (for "twenty-three", "a
    dozen") and spaCy (for a sentence given as text), built once per process."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.numbers: Model = NumberRecognizer(Culture.English).get_number_model()

    def count(self, sentence: str | Span) -> FatalityCount:
        """Deaths a sentence reports; pass the pipeline's parsed sentence to skip a second parse."""
        if isinstance(sentence, Span):
            tokens, base, sentence = sentence, sentence.start_char, sentence.text
        else:
            tokens, base = self.nlp(sentence, disable=["ner"]), 0
        claims = [claim for token in tokens for claim in _claims(token, self.numbers)]
        if not claims:
            return FatalityCount(0, None, None, None)
        by_source: dict[int | None, dict[str | None, list[_Claim]]] = defaultdict(lambda: defaultdict(list))
        for claim in claims:
            by_source[claim.source][claim.victims].append(claim)
        # Within one source: the lowest figure for each group of victims, and the groups add up.
        # Across sources: the lowest total.
        totals = []
        for groups in by_source.values():
            chosen = [min(group, key=lambda c: c.value) for group in groups.values()]
            totals.append((sum(c.value for c in chosen), chosen))
        total, chosen = min(totals, key=lambda t: t[0])
        start, end = min(c.start for c in chosen) - base, max(c.end for c in chosen) - base
        return FatalityCount(min(total, MAX_FATALITIES), sentence[start:end], start, end)


def _kind(token: Token) -> str | None:
    terms = _terms()
    for kind in terms.kinds.get(token.lemma_.lower(), ()):
        if token.pos_ in _POS.get(kind, ()):
            obj = terms.phrases.get(token.lemma_.lower())
            if obj is None or any(c.dep_ == "dobj" and c.lemma_.lower() == obj for c in token.children):
                return kind
    return None


def _claims(token: Token, numbers: Model) -> list[_Claim]:
    kind = _kind(token)
    if kind is None or _negated_or_modal(token):
        return []
    if kind in ("kill", "die", "dead") and _mixed_with_injuries(token):
        return []
    figure = _figure_right_before(token) if kind in ("kill", "die", "dead") else None
    if figure is not None:
        victims = [figure]
    elif kind == "kill" or kind == "die":
        victims = _verb_victims(token, transitive=kind == "kill")
    elif kind == "dead":
        victims = _dead_victims(token)
    elif kind == "death":
        victims = _of(token) or ([token] if token.dep_ != "compound" else [])
    elif kind == "killing":
        victims = _of(token)
    else:
        victims = _toll_figures(token)
    source = _source(token, kind)
    # The words of the predicate itself, for the expression: "lost their lives", "shot dead".
    predicate = [token, *(c for c in token.children if c.dep_ == "dobj" and kind == "die")]
    if kind == "dead" and token.dep_ != "amod" and token.head.pos_ in ("VERB", "AUX"):
        predicate.append(token.head)
    claims = []
    for victim in victims:
        counted = _count(victim, numbers)
        if counted is not None:
            value, tokens, who = counted
            tokens = [*tokens, *predicate]
            start = min(t.idx for t in tokens)
            end = max(t.idx + len(t) for t in tokens)
            claims.append(_Claim(value, start, end, who, source))
    return claims


def _figure_right_before(token: Token) -> Token | None:
    """ "13 killed, 43 injured", "a car bomb: 8 killed": a number right before a participle of
    death is its figure, whatever the parse made of a telegraphic phrase (spaCy hangs "killed"
    from "left", or takes the bomb for who was killed). A year is not a figure."""
    if token.i == 0 or token.tag_ not in ("VBN", "JJ"):
        return None
    before = token.doc[token.i - 1]
    if not (before.like_num or before.pos_ == "NUM") or re.fullmatch(r"(1[89]|20)\d\d", before.text):
        return None
    return before


def _negated_or_modal(token: Token) -> bool:
    """"were not killed", "could kill thousands": no deaths reported."""
    verbs = [token, token.head] if token.pos_ == "ADJ" else [token]
    return any(c.dep_ == "neg" or c.tag_ == "MD" for v in verbs for c in v.children)


def _mixed_with_injuries(token: Token) -> bool:
    """"20 were killed or wounded": the figure covers both, so it is no death figure. "5 killed and
    12 injured" is not mixed: each verb has its own figure."""
    own = _has_arguments(token)
    for other in token.conjuncts:
        if "injury" in _terms().kinds.get(other.lemma_.lower(), ()) and not (own and _has_arguments(other)):
            return True
    return False


def _has_arguments(token: Token) -> bool:
    return any(c.dep_ in (*_SUBJECTS, "dobj") or c.dep_ == "nummod" for c in token.children)


def _passive(verb: Token) -> bool:
    """"were killed", "5 killed in ..." but not "has killed" (perfect, active)."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _verb_victims(verb: Token, *, transitive: bool) -> list[Token]:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if transitive and objects:
        return _with_conjuncts(objects)
    if transitive and not _passive(verb):
        return []  # "the bomb killed": the subject is the killer
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        return _with_conjuncts([_antecedent(s, verb) for s in subjects])
    if verb.dep_ == "acl":  # "militants killed in the clashes"
        return _with_conjuncts([verb.head])
    if verb.dep_ == "conj" and _passive(verb):  # "were shot and killed": the first verb's subject
        return _verb_victims(verb.head, transitive=False) if verb.head.pos_ == "VERB" else []
    return []


def _dead_victims(adj: Token) -> list[Token]:
    if any(c.dep_ == "nummod" for c in adj.children):  # "left 12 dead"
        return [adj]
    if adj.dep_ == "amod":  # "12 dead soldiers"
        return [adj.head]
    verb = adj.head
    if verb is adj or verb.pos_ not in ("VERB", "AUX"):
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]  # "shot dead a police officer"
    if objects:
        return _with_conjuncts(objects)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]  # "were found dead", "23 are dead"
    return _with_conjuncts([_antecedent(s, verb) for s in subjects])


def _of(noun: Token) -> list[Token]:
    """"the bodies of 12 civilians" → civilians."""
    return _with_conjuncts([p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"])


def _toll_figures(toll: Token) -> list[Token]:
    """"the death toll of 40", "the toll rose to 40", "stands at 40", "reached 40"."""
    holders = [toll, toll.head] if toll.dep_ in (*_SUBJECTS, "dobj") else [toll]
    figures = []
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "at", "to"):
                figures += [p for p in c.children if p.dep_ == "pobj" and p.like_num]
            elif c.dep_ in ("dobj", "attr", "nummod") and c.like_num:
                figures.append(c)
    return figures


def _source(token: Token, kind: str) -> int | None:
    """Who gives the figure: the reporting verb it hangs from ("activists said 30 were killed"),
    "according to", a reporting verb beside it ("killed 9, the ministry said") or the one who
    puts the toll at a figure ("the Observatory put the toll at 12")."""
    terms = _terms()
    for c in token.children:
        if c.dep_ == "parataxis" and c.lemma_.lower() in terms.reporting:
            return c.i
    if kind == "toll" and token.dep_ == "dobj":
        return token.head.i
    for t in (token, *token.ancestors):
        for c in t.children:
            if "source" in terms.kinds.get(c.lemma_.lower(), ()):
                return c.i
        if t.pos_ == "VERB" and t.lemma_.lower() in terms.reporting:
            return t.i
    return None


def _antecedent(subject: Token, verb: Token) -> Token:
    """"23 militants, who were killed" → militants."""
    return verb.head if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else subject


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    """"killed 3 soldiers and 2 civilians" → both groups; not the "30" of "between 20 and 30"."""
    out = []
    for t in tokens:
        out.append(t)
        if not t.like_num:
            out += [c for c in t.conjuncts if c not in out]
    return out


def _count(victim: Token, numbers: Model) -> tuple[int, list[Token], str | None] | None:
    """How many the victim phrase counts, the tokens that say it, and who they were; None if
    it states no number."""
    terms = _terms()
    lemma = victim.lemma_.lower()
    if "non_victim" in terms.kinds.get(lemma, ()) or any(c.lower_ in ("no", "none") for c in victim.children):
        return None
    if victim.like_num or victim.pos_ == "NUM":
        words = _number_words(victim)
        value = _number(words, numbers)
        return (value, list(words), None) if value is not None else None
    for number in (c for c in victim.children if c.dep_ == "nummod"):
        words = _number_words(number)
        value = _number(words, numbers)
        if value is not None:
            return value, [*words, victim], _who(victim)
    head = victim.doc[victim.left_edge.i : victim.i + 1]
    phrase = head.text.lower()
    following = victim.doc[victim.i + 1] if victim.i + 1 < len(victim.doc) else None
    if following is not None and following.lower_ == "of":
        phrase += " of"
    for pattern, value in terms.quantities:
        if pattern.search(phrase):
            return value, [*head, victim], _who(victim)
    singular = victim.tag_ in ("NN", "NNP") and "collective" not in terms.kinds.get(lemma, ())
    if singular or victim.lower_ in _SINGULAR_PRONOUNS:
        return 1, [*head, victim], _who(victim)
    return None


def _who(victim: Token) -> str | None:
    """The noun that names the dead: "civilian" for "dozens of civilians"."""
    if victim.pos_ not in ("NOUN", "PROPN"):
        return None
    named = [p for c in victim.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    return (named[0] if named and victim.tag_ == "NNS" else victim).lemma_.lower()


def _number_words(number: Token) -> Span:
    """The number and the words that qualify it ("at least 23", "between 20 and 30",
    "twenty-three"), but not the next figure of a list ("Twelve killed, 4 wounded")."""
    inside = {t.i for t in number.subtree}
    doc = number.doc
    first = last = number.i
    while first - 1 in inside and _qualifies(doc[first - 1]):
        first -= 1
    while last + 1 in inside and _qualifies(doc[last + 1]):
        last += 1
    return doc[first : last + 1]


def _qualifies(token: Token) -> bool:
    return token.like_num or token.pos_ in ("ADV", "ADJ", "ADP", "CCONJ", "DET", "PART") or token.text == "-"


def _number(words: Span, numbers: Model) -> int | None:
    """The lowest number in the words: "between 20 and 30" → 20, "twenty-three" → 23."""
    values = [float(r.resolution["value"]) for r in numbers.parse(words.text) if r.resolution]
    return int(min(values)) if values else None
