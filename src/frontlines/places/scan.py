"""Finding place names in text, before their readings are weighed.

Capitalised word sequences (up to six words, with lowercase connectors such as "al", "ez",
"of") are looked up longest first in the gazetteer, so "Deir ez-Zor" beats "Zor" and
"Eastern Ghouta" beats "Ghouta". This replaces an Aho-Corasick pass over the text: the index
holds hashes, not strings (see name_index.py), the capitalisation rule already limits where a
name can start, and the consonant-skeleton fallback needs the candidate span anyway. spaCy
entity spans, when given, are hints: GPE/LOC/FAC spans are tried whole, and a match inside a
longer PERSON/ORG/NORP span is dropped (al-Baghdadi is a man, not Baghdad).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..lexicons import alternation, read_tsv, words
from . import names as N
from .facilities import add_facility, facility_follows, facility_suffix_start
from .gazetteer import Gazetteer, Match
from .relative import qualify
from .spot import CONTEXT_LABELS, NAME_LABELS, Spot, spot_end

# Words with inner apostrophes (Ma'arrat, Nu'man), but not English possessives and contractions.
_TOKEN = re.compile(r"[^\W_]+(?:['’ʿʾ‘`](?!(?:s|ve|re|ll|d|t|m)\b)[^\W_]+)*")
_JOIN = re.compile(r"\s{1,2}|\s?[-‐‑–]\s?")  # what may stand between two words of one name
# The word lists of this module: data/place_words.tsv and data/place_patterns.tsv.
_ABBREVIATION = frozenset(words("place_words.tsv", "abbreviation"))  # "St. Louis"
_INITIAL = re.compile(r"[A-Z]{2}")
# Lowercase words that may stand inside a name: Arabic articles and particles, and the
# connectors of European names (Stratford-upon-Avon, Rio de Janeiro, Bosnia and Herzegovina).
_CONNECTORS = N.ARTICLES | frozenset(words("place_words.tsv", "connector"))
# Lowercase words that end curated names ("Damascus-Homs highway", "Tabqa Dam", "Shaer gas field",
# "Jordan river": the river, not the country).
_FEATURE_WORDS = frozenset(words("place_words.tsv", "feature_word"))
_MAX_WORDS = 6
_LOCATIVE = re.compile(rf"\b(?:{alternation('place_patterns.tsv', 'locative')})\s+(?:the\s+)?$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”\n])\s*$")
_SPEECH_AFTER = re.compile(rf"\s+(?:{alternation('place_patterns.tsv', 'speech_verb')})\b")


def _stoplist() -> dict[str, str]:
    """fold key → kind (word, date, title, given-name, org, direction) of place_stoplist.tsv."""
    return {N.fold(r["word"]): r["kind"] for r in read_tsv("place_stoplist.tsv")}


class NameFinder:
    """Finds the place names of a text and notes what stands around each."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._stop = _stoplist()

    def name_spot(self, text: str, start: int, end: int) -> Spot | None:
        """A given span as a found name; "Shayrat airbase", if not itself a name, is the
        name "Shayrat" with a facility word."""
        name = text[start:end]
        matches = self.gazetteer.lookup(name)
        if matches:
            return Spot(start, end, matches, N.fold(name))
        cut = facility_suffix_start(name)
        if cut is None:
            return None
        spot = Spot(start, start + cut, self.gazetteer.lookup(name[:cut]), N.fold(name[:cut]))
        add_facility(self.gazetteer, text, spot)
        return spot if spot.matches else None

    def spots(
        self, text: str, entity_spans: Sequence[tuple[int, int, str]]
    ) -> tuple[list[Spot], Counter[str]]:
        words = list(_TOKEN.finditer(text))
        joins = [
            bool(_JOIN.fullmatch(text[a.end() : b.start()]))
            or (text[a.end() : b.start()] in (". ", ".") and a.group().casefold() in _ABBREVIATION)
            or (text[a.end() : b.start()] == "." and _INITIAL.fullmatch(a.group() + b.group()))  # U.S., U.K.
            for a, b in zip(words, words[1:])
        ]
        labels = {(s, e): label for s, e, label in entity_spans}
        spots: list[Spot] = []
        demonyms: Counter[str] = Counter()
        i = 0
        while i < len(words):
            found = self._longest(text, words, joins, i, labels, demonyms)
            if found is None:
                i += 1
                continue
            spots.append(found)
            i += found.words
        # A surname once seen after a first name or title is a person everywhere in the text.
        people = {spot.key for spot in spots if spot.in_name}
        for spot in spots:
            speaks = bool(_SPEECH_AFTER.match(text[spot.end : spot.end + 20]))
            spot.in_name = spot.in_name or spot.key in people or speaks
        spots = self._entity_hints(text, spots, entity_spans, labels)
        return spots, demonyms

    def _startable(self, text: str, words: list[re.Match[str]], i: int) -> bool:
        w = words[i].group()
        if w[0].isupper() or N.is_arabic_script(w):
            return True
        # "al-Bab", "ar-Raqqa": a lowercase article hyphened to a capitalised name
        # (with a space only al/el: "an Iraqi", "as Mosul fell" are English).
        if w not in N.ARTICLES or i + 1 >= len(words) or not words[i + 1].group()[0].isupper():
            return False
        gap = text[words[i].end() : words[i + 1].start()]
        return gap in ("-", "‐", "‑") or (gap == " " and w in ("al", "el"))

    def _longest(self, text, words, joins, i, labels, demonyms) -> Spot | None:
        if not self._startable(text, words, i):
            return None
        lowercase_article = words[i].group()[0].islower()
        n_max = 1
        while n_max < _MAX_WORDS and i + n_max < len(words) and joins[i + n_max - 1]:
            w = words[i + n_max].group()
            name_like = w[0].isupper() or w[0].isdigit() or N.is_arabic_script(w)
            if not (name_like or w in _CONNECTORS or w in _FEATURE_WORDS):
                break
            n_max += 1
        for n in range(n_max, 1 if lowercase_article else 0, -1):
            last = words[i + n - 1].group()
            if n > 1 and last in _CONNECTORS:
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            name = text[start:end]
            key = N.fold(name)
            if key in self._stop and not facility_follows(text, end):
                continue
            if n == 1 and (named := self.gazetteer.demonym(name)):
                if named.country_code:
                    demonyms[named.country_code] += 1
                return None
            # The scan's words leave out the full stop that makes "Calif." an abbreviation.
            abbreviated = self.gazetteer.abbreviations(name + ".") if text[end : end + 1] == "." else []
            if abbreviated:
                end += 1
                matches = [Match(i, "curated") for i in abbreviated]
            else:
                matches = self.gazetteer.lookup(name)
            if not matches:
                continue
            if len(name) <= 2 or (len(name) <= 4 and name.isupper()):
                # Two letters or an acronym name a place only by curated alias (US, UK, T4).
                matches = [m for m in matches if m.kind == "curated"]
                if not matches:
                    continue
            spot = Spot(start, end, matches, key, n, labels.get((start, end)))
            spot.locative = bool(_LOCATIVE.search(text[max(0, start - 30) : start]))
            spot.in_name = self._in_personal_name(text, words, i)
            add_facility(self.gazetteer, text, spot)
            spot.qualifier = qualify(text, start, spot.facility_end or end)
            return spot
        return None

    def _in_personal_name(self, text: str, words, i: int) -> bool:
        """Whether the name at words[i] continues a personal name: after a title ("Gen. Davis",
        "Secretary Kerry", "President Bashar"), a given name ("John Jones") or another unknown
        capitalised word ("Abu Bakr al-Baghdadi"). spaCy spans, when given, decide this better."""
        k = i - 1
        while k >= 0 and i - k <= 3 and text[words[k].end() : words[k + 1].start()] in (" ", ". ", "-"):
            w = words[k].group()
            kind = self._stop.get(N.fold(w))
            if kind == "title":
                return True
            if not w[0].isupper():
                break
            if k == i - 1:
                if kind == "given-name":
                    return True
                at_start = bool(_SENTENCE_START.search(text[max(0, words[k].start() - 3) : words[k].start()]))
                if (
                    kind is None and len(w) >= 3 and not at_start and not self.gazetteer.demonym(w)
                    and not self.gazetteer.lookup(w)
                ):
                    return True
            k -= 1
        return False

    def _entity_hints(self, text, spots, entity_spans, labels) -> list[Spot]:
        """Drop names that a person/organisation span takes in; try whole GPE/LOC/FAC spans
        that the word scan missed (lowercase words inside, a leading "the")."""
        kept = [
            spot for spot in spots
            if not any(
                label in NAME_LABELS and self._names_more(text, s, e, spot)
                for s, e, label in entity_spans
            )
        ]
        covered = [(s.start, s.end) for s in kept]
        for s, e, label in entity_spans:
            if label not in CONTEXT_LABELS or any(a < e and s < b for a, b in covered):
                continue
            s2 = e - len(re.sub(r"^the\s+", "", text[s:e], flags=re.I))
            if N.fold(text[s2:e]) in self._stop:
                continue
            spot = self.name_spot(text, s2, e)
            if spot is not None:
                spot.label = label
                spot.qualifier = qualify(text, s2, spot_end(spot))
                kept.append(spot)
        return sorted(kept, key=lambda sp: sp.start)

    def _names_more(self, text: str, start: int, end: int, spot: Spot) -> bool:
        """Whether the entity span text[start:end] holds the found name and words that make it
        a person's or an organisation's ("Abu Bakr al-Baghdadi", "the Brussels Conference"),
        not just words around a place that spaCy took in ("Near Palmyra", "Mosul University")."""
        if not (start <= spot.start and spot_end(spot) <= end) or (start, end) == (spot.start, spot_end(spot)):
            return False
        others = [w.group() for w in _TOKEN.finditer(text, start, end) if not spot.start <= w.start() < spot_end(spot)]
        return any(
            w[0].isupper() and self._stop.get(N.fold(w), "title") in ("title", "given-name", "surname")
            for w in others
        )
