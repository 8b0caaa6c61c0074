"""Trigger words of the lexicon found in a parsed sentence, with the filters that keep
false events out: negation, modality, questions and grievance/background phrases."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import islice

import ahocorasick
from spacy.language import Language
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from .. import lexicons

# Words allowed inside a multi-word trigger ("regained full control", "took over the"), by
# their spaCy part-of-speech tag (grammar, not a word list).
_GAP_POS = {"DET", "ADJ", "ADV", "NUM"}
_MAX_GAP = 3

# The word lists below come from data/event_words.tsv.
# A nominal trigger under these prepositions names a cause, a grievance or a background,
# not the event the sentence reports: "protested against the bombing", "after days of fighting".
_BACKGROUND_PREPOSITIONS = set(lexicons.words("event_words.tsv", "background_preposition"))
# Subordinate clauses told as background to the main event: "seized X after IS withdrew".
_BACKGROUND_MARKERS = set(lexicons.words("event_words.tsv", "background_marker"))
# Modal or future: no event has happened yet.
_MODAL_AUX = set(lexicons.words("event_words.tsv", "modal_aux"))
_INTENT_HEADS = set(lexicons.words("event_words.tsv", "intent_head"))
_UNREAL_MODIFIERS = set(lexicons.words("event_words.tsv", "unreal_modifier"))
_OTHER_VERB_PARTICLES = set(lexicons.words("event_words.tsv", "other_verb_particle"))
_FIGURATIVE_SUBJECTS = set(lexicons.words("event_words.tsv", "figurative_subject"))
_ACCIDENT_AGENTS = set(lexicons.words("event_words.tsv", "accident_agent"))
_PURPOSE_HEADS = set(lexicons.words("event_words.tsv", "purpose_head"))
# A clause modified by these tells a running total over a period: "have been killed since …".
_CUMULATIVE_PHRASES = tuple(p.split() for p in lexicons.words("event_words.tsv", "cumulative_phrase"))


# Relations inside one noun phrase ("suicide car bomb attack"); a conjoined verb is another event.
# spaCy dependency labels, grammar, as are _NOMINAL_DEPS below.
_PHRASE_DEPS = {"compound", "amod", "nmod", "nn"}


@dataclass(frozen=True)
class TriggerMatch:
    trigger: lexicons.Trigger
    tokens: tuple[int, ...]  # token indices in the Doc


@cache
def _by_first_lemma() -> dict[str, list[lexicons.Trigger]]:
    index: dict[str, list[lexicons.Trigger]] = {}
    for trigger in lexicons.triggers():
        index.setdefault(trigger.lemmas[0], []).append(trigger)
    for candidates in index.values():
        candidates.sort(key=lambda t: -len(t.lemmas))
    return index


class TriggerPrefilter:
    """Which paragraphs and sentences may hold a trigger, told before spaCy parses them: a
    sentence is worth the parse when one of its tokens, by its lemma or as written, is the first
    word of a trigger.

    `nlp` needs only its tagger to have run: the lemma of a token depends on nothing but its
    lowercase text and its tag (the attribute ruler's patterns that look further set no lemma a
    trigger starts with; tests check it), so it is worked out once per (word, tag) with `nlp`'s
    own attribute ruler and lemmatizer, and only for words those could turn into a trigger.
    """

    def __init__(self, nlp: Language):
        self.firsts = set(_by_first_lemma())
        self.ruler, self.lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        self.vocab = nlp.vocab
        self.words = set(self._inflections(self.firsts))
        self.automaton = ahocorasick.Automaton()
        for word in self.words:
            self.automaton.add_word(word, len(word))
        self.automaton.make_automaton()
        self._starts: dict[tuple[str, str], bool] = {}
        triggers = lexicons.triggers()
        self.single = {t.lemmas[0] for t in triggers if len(t.lemmas) == 1}
        self.sequences = sorted({t.lemmas for t in triggers if len(t.lemmas) > 1})
        self.spellings = ahocorasick.Automaton()
        for word, lemmas in self._spellings(nlp, {lemma for t in triggers for lemma in t.lemmas}).items():
            self.spellings.add_word(word, (len(word), frozenset(lemmas)))
        self.spellings.make_automaton()

    def _inflections(self, lemmas: set[str]) -> dict[str, set[str]]:
        """Every lowercase word the lemmatizer may turn into one of `lemmas`, whatever the tag,
        with the lemmas it may become: the lemma, the exceptions that name it ("fought", "took")
        and what each suffix rule maps to it ("seized", "clashes", and non-words such as
        "seizeed" that cost nothing), and what the attribute ruler names it."""
        lookups = self.lemmatizer.lookups
        words: dict[str, set[str]] = {lemma: {lemma} for lemma in lemmas}
        for exceptions in lookups.get_table("lemma_exc").values():
            for form, named in exceptions.items():
                for lemma in {x.lower() for x in named} & lemmas:
                    words.setdefault(form, set()).add(lemma)
        for rules in lookups.get_table("lemma_rules").values():
            for old, new in rules:
                for lemma in lemmas:
                    if lemma.endswith(new):
                        words.setdefault(lemma[: len(lemma) - len(new)] + old, set()).add(lemma)
        # "gotta": the attribute ruler gives "ta" the lemma "to".
        for rule in self.ruler.patterns:
            lemma = rule["attrs"].get("LEMMA", "").lower()
            if lemma in lemmas:
                for pattern in rule["patterns"]:
                    words.setdefault(pattern[rule["index"]]["LOWER"], set()).add(lemma)
        words.pop("", None)
        return words

    def _spellings(self, nlp: Language, lemmas: set[str]) -> dict[str, set[str]]:
        """The inflections of `lemmas`, and the tokenizer's special cases that cut a token out of a
        run of letters ("gonna" → "gon", "na": "na" is the ruler's "to"), as that whole run."""
        words = self._inflections(lemmas)
        for text, pieces in nlp.tokenizer.rules.items():
            start = 0
            for piece in pieces:
                orth = piece[ORTH]
                end = start + len(orth)
                inside = (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())
                if inside and orth.lower() in words:
                    words.setdefault(text.lower(), set()).update(words[orth.lower()])
                start = end
        return words

    def may_hold(self, text: str) -> bool:
        """Whether a text has a word that may be a trigger once tagged: text without one need
        not be tagged at all. spaCy splits words only at non-letters (tests check its
        exceptions), so a word between two non-letters is a token."""
        lowered = text.lower()
        for end, length in self.automaton.iter(lowered):
            start = end - length + 1
            if not (start > 0 and lowered[start - 1].isalpha()) and not (
                end + 1 < len(lowered) and lowered[end + 1].isalpha()
            ):
                return True
        return False

    def might_report_event(self, sent: Span) -> bool:
        """Whether a tagged sentence has a token that starts a trigger, by its lemma or as written."""
        for token in sent:
            lower = token.lower_
            if lower in self.firsts or (lower in self.words and self._lemma_starts(lower, token.tag_)):
                return True
        return False

    def may_complete(self, text: str) -> bool:
        """Whether a sentence in which might_report_event found the first word of a trigger may
        hold a whole one: a one-word trigger, or every word of a longer one in order, each
        spelled as the lemmatizer could read it under any tag (the full parse tags anew)."""
        lowered = text.lower()
        found: list[tuple[int, int, frozenset[str]]] = []
        for end, (length, lemmas) in self.spellings.iter(lowered):
            start = end - length + 1
            if not (start > 0 and lowered[start - 1].isalpha()) and not (
                end + 1 < len(lowered) and lowered[end + 1].isalpha()
            ):
                if lemmas & self.single:
                    return True
                found.append((start, end, lemmas))
        return any(self._in_order(sequence, found) for sequence in self.sequences)

    @staticmethod
    def _in_order(sequence: tuple[str, ...], found: list[tuple[int, int, frozenset[str]]]) -> bool:
        """Whether words, found in the order they end, spell `sequence` one after another (the
        earliest-ending fit of each word leaves the most room for the next)."""
        words = iter(sequence)
        wanted, after = next(words), -1
        for start, end, lemmas in found:
            if start > after and wanted in lemmas:
                wanted, after = next(words, None), end
                if wanted is None:
                    return True
        return False

    def _lemma_starts(self, lower: str, tag: str) -> bool:
        key = (lower, tag)
        if key not in self._starts:
            alone = self.lemmatizer(self.ruler(Doc(self.vocab, words=[lower], tags=[tag])))
            self._starts[key] = alone[0].lemma_.lower() in self.firsts
        return self._starts[key]


def _forms(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _gap(token: Token) -> bool:
    return token.pos_ in _GAP_POS or token.dep_ == "compound"  # "set up a new observation post"


def _match_at(sent: Span, i: int, trigger: lexicons.Trigger) -> tuple[int, ...] | None:
    tokens = [sent[i].i]
    j = i + 1
    for lemma in trigger.lemmas[1:]:
        gaps = 0
        while j < len(sent) and lemma not in _forms(sent[j]) and _gap(sent[j]) and gaps < _MAX_GAP:
            j += 1
            gaps += 1
        if j >= len(sent) or lemma not in _forms(sent[j]):
            return None
        tokens.append(sent[j].i)
        j += 1
    return tuple(tokens)


def find_triggers(sent: Span) -> list[TriggerMatch]:
    index = _by_first_lemma()
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    for i, token in enumerate(sent):
        # "looted archaeological material": a participle describing a thing, not an event told
        if token.i in used or (token.dep_ == "amod" and token.tag_ == "VBN"):
            continue
        for form in _forms(token):
            for trigger in index.get(form, ()):
                tokens = _match_at(sent, i, trigger)
                if tokens and not used.intersection(tokens):
                    matches.append(TriggerMatch(trigger, tokens))
                    used.update(tokens)
                    break
            else:
                continue
            break
    # "suicide car bomb attack": the most specific trigger of a noun phrase stands for it.
    return [m for m in matches if not _outranked_in_phrase(m, matches, sent.doc)]


def _outranked_in_phrase(match: TriggerMatch, matches: list[TriggerMatch], doc) -> bool:
    mine = [doc[i] for i in match.tokens]
    for other in matches:
        if other is match or other.trigger.priority <= match.trigger.priority:
            continue
        for a in mine:
            for b in (doc[i] for i in other.tokens):
                same_phrase = (
                    (a.head == b and a.dep_ in _PHRASE_DEPS)
                    or (b.head == a and b.dep_ in _PHRASE_DEPS)
                    or (a.head == b.head and "compound" in (a.dep_, b.dep_))
                )
                if same_phrase:
                    return True
    return False


_NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "appos", "attr", "compound", "npadvmod"}


def is_verbal(token: Token) -> bool:
    """A verb that heads a clause; the tagger sometimes tags plural nouns ("airstrikes") VERB,
    so the dependency relation has the last word."""
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in _NOMINAL_DEPS


def clause_head(token: Token) -> Token:
    """The verb that governs a token's clause (the token itself when it is a verb).

    Each rule asks this of its trigger, and a run of nouns can be parsed as a chain of hundreds of
    heads; so the answer is kept for every token on the way up (in the Doc's `user_data`, spaCy's
    place for what belongs to one text), and a sentence costs one walk in all."""
    known: dict[int, int] = token.doc.user_data.setdefault("frontlines.clause_heads", {})
    path, current = [], token
    while current.i not in known and not is_verbal(current) and current.head != current:
        path.append(current.i)
        current = current.head
    found = known.get(current.i, current.i)
    for i in path:
        known[i] = found
    known[current.i] = found
    return token.doc[found]


# The dependency labels of a verb's adverbial modifiers (spaCy's labels: grammar, not a word list).
_MODIFIER_DEPS = {"prep", "advcl", "advmod", "npadvmod"}


def _starts_with(token: Token, phrases: tuple[list[str], ...]) -> bool:
    """Whether the words of the token's phrase begin with one of `phrases`."""
    words = [t.lower_ for t in islice(token.subtree, 3)]
    return any(words[: len(phrase)] == phrase for phrase in phrases)


def is_background_or_unreal(match: TriggerMatch, sent: Span) -> str | None:
    """Why this trigger does not report an event that happened, or None."""
    doc = sent.doc
    token = doc[match.tokens[0]]
    if sent.text.rstrip().endswith("?"):
        return "question"
    verb = clause_head(token)
    for child in token.children:
        if child.dep_ == "amod" and child.lemma_.lower() in _UNREAL_MODIFIERS:
            return f"not yet: '{child.text} {token.text}'"
        if child.dep_ == "prt" and child.i not in match.tokens and child.lower_ in _OTHER_VERB_PARTICLES:
            return f"another verb: '{token.text} {child.text}'"  # "the crew blasted off", "prices shot up"
        if child.dep_ == "nsubj" and child.lemma_.lower() in _FIGURATIVE_SUBJECTS:
            return f"figurative: '{child.text} {token.text}'"  # "protests exploded", "markets bombed"
        if child.dep_ == "agent" and any(c.lemma_.lower() in _ACCIDENT_AGENTS for c in child.children):
            return f"an accident: '{token.text} {child.text} …'"  # "was struck by a car"
    if token.dep_ == "acl" and token.head.lemma_.lower() in _FIGURATIVE_SUBJECTS:
        return f"figurative: '{token.head.text} {token.text}'"  # "with protests exploding to new levels"
    # Walk from the trigger to the root: any background preposition, subordinate marker,
    # negation or modal on the way means the trigger is not a reported, real event.
    current = token
    while True:
        if current.dep_ == "pobj" and current.head.lower_ in _BACKGROUND_PREPOSITIONS:
            return f"background phrase '{current.head.text} …'"
        if is_verbal(current) or current == verb:
            for child in current.children:
                if child.dep_ == "neg":
                    return "negated"
                if child.dep_ == "aux" and child.lower_ in _MODAL_AUX:
                    return f"modal '{child.text}'"
                # A sentence root with a subordinating mark is a misparse ("X seized Y, after Z
                # withdrew" parsed with "withdrew" as root): only the trigger's own clause counts then.
                own_or_inner = current == verb or current.dep_ != "ROOT"
                if child.dep_ == "mark" and child.lower_ in _BACKGROUND_MARKERS and own_or_inner:
                    return f"subordinate clause '{child.text} …'"
                if child.dep_ in _MODIFIER_DEPS and _starts_with(child, _CUMULATIVE_PHRASES):
                    return f"running total '{child.text} …'"
            if current != token and current.lemma_.lower() in _INTENT_HEADS:
                # "the ceasefire is expected to …", "Russia denied that its jets bombed …"
                return f"not asserted: '{current.text}'"
            if current.dep_ in ("ccomp", "xcomp", "advcl", "pcomp") and current.head.lemma_.lower() in _INTENT_HEADS:
                return f"not asserted: '{current.head.text}'"
            to_clause = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            if to_clause and current.dep_ in ("xcomp", "advcl", "acl") and current.head.lemma_.lower() in _PURPOSE_HEADS:
                # "troops deployed to fight HTS": a purpose, not a report
                return f"purpose of '{current.head.text}'"
        if current.head == current or current.i == sent.root.i:
            break
        current = current.head
    return None
