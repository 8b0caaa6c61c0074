"""Find place names in text and resolve them to `Place`s.

Finding: capitalised word sequences (up to six words, with lowercase connectors such as
"al", "ez", "of") are looked up longest first in the gazetteer, so "Deir ez-Zor" beats "Zor"
and "Eastern Ghouta" beats "Ghouta". This replaces an Aho-Corasick pass over the text: the
index holds hashes, not strings (see gazetteer.py), the capitalisation rule already limits
where a name can start, and the consonant-skeleton fallback needs the candidate span anyway.
spaCy entity spans, when given, are hints: GPE/LOC/FAC spans are tried whole, and a match
inside a longer PERSON/ORG/NORP span is dropped (al-Baghdadi is a man, not Baghdad).

Resolving ranks a name's candidates like Mordecai3/CLAVIN: population, feature type
(country > first-level region > capital > town), how the name matched (curated alias,
as written, without its article, by skeleton), the document's countries (countries named,
demonyms, places resolved without doubt), the first-level regions it names (Dublin, Ohio) and
nearness to the document's other places. A
document is read twice: first the names whose reading is clear, then the others in their light.

Districts and neighbourhoods (Mashlab in Raqqa) are curated aliases of their city and are
coded as the city with precision 1, as ACLED codes them; "the X district" of a town that is
named after its seat stays precision 2.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from frontlines.lexicons import alternation, read_tsv, words
from frontlines.model import Place
from frontlines.places import names as N
from frontlines.places.gazetteer import Entry, Gazetteer, Match, get_gazetteer
from frontlines.places.relative import Qualifier, qualify

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
# Facility words stay here: each is tied to the GeoNames feature codes of _FACILITY_CODES and to
# the stems `_facility` maps them to, so a word added without code would match nothing.
_FACILITY = re.compile(
    r"^\s*(?:(military|army)\s+)?(air\s?base|airport|air\s?field|air\s?strip|gas\s+field|oil\s?field|"
    r"gas\s+plant|field|refugee\s+camp|camp|dam|mountains?|border\s+crossing|crossing|base)\b",
    re.I,
)
_FACILITY_SUFFIX = re.compile(
    r"\s+(?:(?:military|army)\s+)?(?:air\s?base|airport|air\s?field|gas\s+field|oil\s?field|field|camp)$", re.I
)
# Between a name and words that only say where it lies: "Arak, Homs", "Raqqa in the province
# of Raqqa", "Hamrat village north of Raqqa".
_QUALIFYING_GAP = re.compile(r"\s*(?:,|\bin\b|\bof\b|,\s*in\b)?\s*(?:the\s+)?", re.I)
_COUNTY_ABBREVIATION = re.compile(r"\s+Co\.?$")  # "Platte Co."
_LOCATING_GAP = re.compile(
    rf"\s*(?:{alternation('place_patterns.tsv', 'locating_word')})?\s*,?\s*(?:about\s+|some\s+)?", re.I
)
_FACILITY_CODES = {
    "air": {"AIRB", "AIRP", "AIRF", "MILB"},
    "field": {"GASF", "OILF", "OILR"},
    "camp": {"CMPRF", "CMP", "MILB"},
    "dam": {"DAM"},
    "mountain": {"MT", "MTS", "HLL", "HLLS"},
    "crossing": {"PSTB"},
    "base": {"MILB", "AIRB"},
}
_FEATURE_BONUS = {
    "PCLI": 4.0, "ADM1": 1.0, "PPLC": 1.5, "PPLA": 1.0, "PPLA2": 0.5,
    "AIRB": 0.5, "MILB": 0.5, "GASF": 0.5, "OILF": 0.5,
}
# Regions and physical features we curated because news names them (the Sahel, the Rio Grande):
# they have no population to weigh, and a same-named town or minor region (Sahel province of
# Burkina Faso, Rio Grande in Brazil) is what news means only when the document points there.
# User dumps' streams and hills are not in this class: GeoNames names thousands after towns.
_CURATED_FEATURES = frozenset(
    "CONT RGN SEA OCN GULF BAY STRT CHN CNL SD STM DLTA LK LKS MTS MT DSRT PLN PLAT VAL GLCR ISL ISLS PEN "
    "SHOL RF PRK".split()
)
_CURATED_FEATURE_BONUS = 3.0
_MATCH_BONUS = {"curated": 1.5, "full": 0.5, "bare": 0.5, "skeleton": -0.5}
_CONTEXT_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_NEIGHBOUR, _MAX_NEIGHBOURS = 1.0, 3  # score per other name with a reading nearby, and how many count
_SURE = 1.5  # score margin over the best other-country reading that makes a name an anchor


def _stoplist() -> dict[str, str]:
    """fold key → kind (word, date, title, given-name, org, direction) of place_stoplist.tsv."""
    return {N.fold(r["word"]): r["kind"] for r in read_tsv("place_stoplist.tsv")}


def _population(e: Entry) -> int:
    # cities500 lists a place without a population only when it is an administrative seat
    # (GeoNames' own description of the file), so a 0 there is not a hamlet.
    if e.population == 0 and e.source == "geonames" and e.feature_code.startswith("PPL"):
        return 3000
    return e.population


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class DocumentPlaceContext:
    """What a document says about where it is: country votes (countries named, demonyms, and
    the best readings of its place names, a sure reading counting double) and the points of
    its places. Votes and points are kept by name key, so a name is never its own evidence.
    Build it with `Geocoder.context(text)` and pass it to `find`/`resolve` for each sentence."""

    votes: list[tuple[str, str, float]] = field(default_factory=list)  # (name key, country, weight)
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (name key, lat, lon)
    country_hint: str | None = None
    regions: list[tuple[str, str]] = field(default_factory=list)  # (name key, "CC.admin1") of named regions
    # Every reading of every name, not just the best: (name key, lat, lon) of towns and counties.
    readings: list[tuple[str, float, float]] = field(default_factory=list)

    _reading_arrays: tuple | None = field(default=None, repr=False)

    def neighbours(self, lat: float, lon: float, own_key: str) -> int:
        """How many other names of the text have some reading within 50 km: "Paris and Henry
        County" is Paris, Tennessee, though each alone would be read elsewhere."""
        if not self.readings:
            return 0
        if self._reading_arrays is None:
            keys, lats, lons = zip(*self.readings)
            self._reading_arrays = (np.array(keys, dtype=object), np.radians(lats), np.radians(lons))
        keys, lats, lons = self._reading_arrays
        p = math.radians(lat)
        a = np.sin((lats - p) / 2) ** 2 + math.cos(p) * np.cos(lats) * np.sin((lons - math.radians(lon)) / 2) ** 2
        near = keys[(12742.0 * np.arcsin(np.sqrt(np.minimum(a, 1.0))) < 50) & (keys != own_key)]
        return len(set(near))

    def region_weight(self, cc: str, admin1: str, own_key: str = "") -> float:
        """Same-named towns (Dublin, Ohio or Ireland; Richmond, Virginia or Kentucky): the one
        in a first-level region the document names, the more often the more."""
        if not admin1:
            return 0.0
        code = f"{cc}.{admin1}"
        n = sum(1 for key, region in self.regions if key != own_key and region == code)
        return 1.0 + 0.5 * min(n, 3) if n else 0.0

    def country_weight(self, cc: str, own_key: str = "") -> float:
        weight = 3.0 if cc == self.country_hint else 0.0
        total = mine = 0.0
        for key, country, w in self.votes:
            if key != own_key:
                total += w
                mine += w if country == cc else 0.0
        if mine:
            weight += 1.5 + 2.0 * mine / total
        return weight

    def proximity(self, lat: float, lon: float, own_key: str) -> float:
        distances = [_km(lat, lon, la, lo) for key, la, lo in self.points if key != own_key]
        return 2.0 * math.exp(-min(distances) / 200.0) if distances else 0.0

    @property
    def countries(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for _, cc, w in self.votes:
            totals[cc] += w
        return totals


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


@dataclass
class _Spot:
    """A name found in the text, before and after ranking."""

    start: int  # the name itself
    end: int
    matches: list[Match]
    key: str
    words: int = 1  # how many words of the scan it used
    label: str | None = None  # spaCy label of a span equal to it
    locative: bool = False
    in_name: bool = False  # placed like a word of a personal or organisation name
    facility: str | None = None
    facility_end: int | None = None
    qualifier: Qualifier | None = None
    ranked: list[tuple[float, Entry]] = field(default_factory=list)


def _end(spot: _Spot) -> int:
    """Where the words of a found name end: the name, its facility word, its qualifier."""
    return max(spot.facility_end or spot.end, spot.qualifier.end if spot.qualifier else 0)


def _seat_of(town: Entry, region: Entry) -> bool:
    """Whether `town` lies in the first- or second-level `region` (a district: near its middle)
    and holds a good share of its people: a hamlet that GeoNames also calls "Minnesota" is not
    what "Minnesota" means."""
    if (town.country_code, town.admin1_code) != (region.country_code, region.admin1_code):
        return False
    if _population(town) < 0.1 * region.population:
        return False
    return region.feature_code == "ADM1" or _km(town.latitude, town.longitude, region.latitude, region.longitude) < 60


def _within(e: Entry, region: Entry) -> bool:
    if e.country_code != region.country_code:
        return False
    return region.feature_code == "PCLI" or e.admin1_code == region.admin1_code


class Geocoder:
    """Finds and resolves place names. Cheap to build once the gazetteer is loaded."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or get_gazetteer()
        self._stop = _stoplist()

    # -- public API -----------------------------------------------------------------------

    def find(
        self,
        text: str,
        *,
        entity_spans: Sequence[tuple[int, int, str]] | None = None,
        country_hint: str | None = None,
        context: DocumentPlaceContext | None = None,
    ) -> list[PlaceMention]:
        """Place mentions in `text`, in order. Without `context`, the text is its own document."""
        spots, demonyms = self._spots(text, entity_spans or ())
        if context is None:
            context = self._context(spots, demonyms, country_hint)
        elif country_hint and not context.country_hint:
            context = DocumentPlaceContext(
                context.votes, context.points, country_hint, context.regions, context.readings
            )
        for spot in spots:
            self._rank(spot, context)
        accepted = [s for s in spots if self._accept(s, context)]
        for a, b in zip(accepted, accepted[1:]):
            region = self._region_after(text, a, b)
            if region is not None:
                a.ranked.sort(key=lambda se: (not _within(se[1], region), -se[0], se[1].idx))
        return self._mentions(text, accepted)

    def context(
        self,
        text: str,
        *,
        entity_spans: Sequence[tuple[int, int, str]] | None = None,
        country_hint: str | None = None,
    ) -> DocumentPlaceContext:
        """The document-level context of a whole text (first pass of two)."""
        spots, demonyms = self._spots(text, entity_spans or ())
        return self._context(spots, demonyms, country_hint)

    def resolve(
        self,
        name: str,
        *,
        country_hint: str | None = None,
        context: DocumentPlaceContext | None = None,
        within: str | None = None,
    ) -> Place | None:
        """The place a given name (a gold or NER span) most likely means, or None. `within` is
        a name written right after it that only says where it lies ("Dublin" + "Ohio")."""
        text = _COUNTY_ABBREVIATION.sub(" County", name.strip())
        if context is None or (country_hint and not context.country_hint):
            context = DocumentPlaceContext(
                context.votes if context else [], context.points if context else [], country_hint,
                context.regions if context else [], context.readings if context else [],
            )
        named = self.gazetteer.demonym(text)
        if named is not None:
            # "Canadian", "Georgian": the people of a country, not a small town of that name.
            spot = _Spot(0, len(text), [Match(named.idx, "curated")], N.fold(text))
            self._rank(spot, context)
            return self._place(spot, text)
        spot = self._name_spot(text, 0, len(text))
        if spot is not None:
            self._rank(spot, context)
            region = self._region_named(within, context) if within else None
            if region is not None and spot.ranked and spot.ranked[0][1].feature_code != "PCLI":
                spot.ranked.sort(key=lambda se: (not _within(se[1], region), -se[0], se[1].idx))
            return self._place(spot, text)
        mentions = self.find(text, context=context)
        return mentions[0].place if mentions else None

    # -- finding --------------------------------------------------------------------------

    def _name_spot(self, text: str, start: int, end: int) -> _Spot | None:
        """A given span as a found name; "Shayrat airbase", if not itself a name, is the
        name "Shayrat" with a facility word."""
        name = text[start:end]
        matches = self.gazetteer.lookup(name)
        if matches:
            return _Spot(start, end, matches, N.fold(name))
        m = _FACILITY_SUFFIX.search(name)
        if m is None:
            return None
        spot = _Spot(start, start + m.start(), self.gazetteer.lookup(name[: m.start()]), N.fold(name[: m.start()]))
        self._facility(text, spot)
        return spot if spot.matches else None

    def _spots(
        self, text: str, entity_spans: Sequence[tuple[int, int, str]]
    ) -> tuple[list[_Spot], Counter[str]]:
        words = list(_TOKEN.finditer(text))
        joins = [
            bool(_JOIN.fullmatch(text[a.end() : b.start()]))
            or (text[a.end() : b.start()] in (". ", ".") and a.group().casefold() in _ABBREVIATION)
            or (text[a.end() : b.start()] == "." and _INITIAL.fullmatch(a.group() + b.group()))  # U.S., U.K.
            for a, b in zip(words, words[1:])
        ]
        labels = {(s, e): label for s, e, label in entity_spans}
        spots: list[_Spot] = []
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

    def _longest(self, text, words, joins, i, labels, demonyms) -> _Spot | None:
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
            if key in self._stop and not _FACILITY.match(text[end : end + 40]):
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
            spot = _Spot(start, end, matches, key, n, labels.get((start, end)))
            spot.locative = bool(_LOCATIVE.search(text[max(0, start - 30) : start]))
            spot.in_name = self._in_personal_name(text, words, i)
            self._facility(text, spot)
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

    def _facility(self, text: str, spot: _Spot) -> None:
        m = _FACILITY.match(text[spot.end : spot.end + 40])
        if not m:
            return
        word = m.group(2).casefold().replace(" ", "")
        spot.facility = next(
            (k for k, stem in (("air", "air"), ("field", "field"), ("camp", "camp"), ("dam", "dam"),
                               ("mountain", "mountain"), ("crossing", "crossing"), ("base", "base"))
             if stem in word),
            None,
        )
        spot.facility_end = spot.end + m.end()
        if spot.facility == "air":
            known = {m.idx for m in spot.matches}
            name = text[spot.start : spot.end]
            spot.matches += [Match(i, "full") for i in self.gazetteer.airports(name) if i not in known]

    def _entity_hints(self, text, spots, entity_spans, labels) -> list[_Spot]:
        """Drop names that a person/organisation span takes in; try whole GPE/LOC/FAC spans
        that the word scan missed (lowercase words inside, a leading "the")."""
        kept = [
            spot for spot in spots
            if not any(
                label in _NAME_LABELS and self._names_more(text, s, e, spot)
                for s, e, label in entity_spans
            )
        ]
        covered = [(s.start, s.end) for s in kept]
        for s, e, label in entity_spans:
            if label not in _CONTEXT_LABELS or any(a < e and s < b for a, b in covered):
                continue
            s2 = e - len(re.sub(r"^the\s+", "", text[s:e], flags=re.I))
            if N.fold(text[s2:e]) in self._stop:
                continue
            spot = self._name_spot(text, s2, e)
            if spot is not None:
                spot.label = label
                spot.qualifier = qualify(text, s2, _end(spot))
                kept.append(spot)
        return sorted(kept, key=lambda sp: sp.start)

    def _names_more(self, text: str, start: int, end: int, spot: _Spot) -> bool:
        """Whether the entity span text[start:end] holds the found name and words that make it
        a person's or an organisation's ("Abu Bakr al-Baghdadi", "the Brussels Conference"),
        not just words around a place that spaCy took in ("Near Palmyra", "Mosul University")."""
        if not (start <= spot.start and _end(spot) <= end) or (start, end) == (spot.start, _end(spot)):
            return False
        others = [w.group() for w in _TOKEN.finditer(text, start, end) if not spot.start <= w.start() < _end(spot)]
        return any(
            w[0].isupper() and self._stop.get(N.fold(w), "title") in ("title", "given-name", "surname")
            for w in others
        )

    # -- ranking --------------------------------------------------------------------------

    def _context(
        self, spots: list[_Spot], demonyms: Counter[str], hint: str | None
    ) -> DocumentPlaceContext:
        """First pass: every accepted name votes for the country of its best reading without
        context (double when no other country's reading comes close); its point is kept."""
        context = DocumentPlaceContext([(f"demonym:{cc}", cc, float(n)) for cc, n in demonyms.items()], [], hint)
        blank = DocumentPlaceContext([], [], hint)
        for spot in spots:
            self._rank(spot, blank)
            if not self._accept(spot, blank):
                continue
            score, best = spot.ranked[0]
            rival = next((s for s, e in spot.ranked[1:] if e.country_code != best.country_code), None)
            context.votes.append((spot.key, best.country_code, 1.0 if rival is None or score - rival >= _SURE else 0.5))
            # A county is small enough to be a point.
            if not best.is_region or best.feature_code == "ADM2":
                context.points.append((spot.key, best.latitude, best.longitude))
            if best.feature_code == "ADM1":
                context.regions.append((spot.key, f"{best.country_code}.{best.admin1_code}"))
            # A name read first as a national capital is often its government speaking
            # ("Washington said", "Moscow backed"): it says nothing of where the other names
            # lie, and when it could vote "Damascus" near "Washington" became Damascus, Maryland.
            if best.feature_code != "PPLC":
                context.readings += [
                    (spot.key, e.latitude, e.longitude) for _, e in spot.ranked if not e.is_region or e.feature_code == "ADM2"
                ]
        return context

    def _rank(self, spot: _Spot, context: DocumentPlaceContext) -> None:
        wanted = _FACILITY_CODES.get(spot.facility or "", set())
        entries = [(m, self.gazetteer.entry(m.idx)) for m in spot.matches]
        if any(e.feature_code in wanted for _, e in entries):  # "X airbase": only airfields named X
            entries = [(m, e) for m, e in entries if e.feature_code in wanted]
        # A region named like a town inside it (New York, Homs District) holds that town's
        # people: counted, they would put the region first, where news means the town.
        towns = [e for _, e in entries if e.feature_code.startswith("PPL")]
        ranked = []
        for m, e in entries:
            kind_bonus = _MATCH_BONUS[m.kind]
            if m.kind == "bare" and not e.arabic_names:
                kind_bonus = -0.5  # "Salvador" is not "El Salvador"
            seat = e.feature_code in ("ADM1", "ADM2") and any(_seat_of(t, e) for t in towns)
            score = (
                0.5 * math.log10((0 if seat else _population(e)) + 1)
                + _FEATURE_BONUS.get(e.feature_code, 0.0)
                + (_CURATED_FEATURE_BONUS if e.source == "supplement" and e.feature_code in _CURATED_FEATURES else 0.0)
                + kind_bonus
                + context.country_weight(e.country_code, spot.key)
                + context.proximity(e.latitude, e.longitude, spot.key)
                + _NEIGHBOUR * min(_MAX_NEIGHBOURS, context.neighbours(e.latitude, e.longitude, spot.key))
                + (0.0 if e.is_region and e.feature_code != "ADM2"
                   else context.region_weight(e.country_code, e.admin1_code, spot.key))
            )
            ranked.append((score, e))
        ranked.sort(key=lambda se: (-se[0], se[1].idx))
        spot.ranked = ranked

    def _accept(self, spot: _Spot, context: DocumentPlaceContext) -> bool:
        """Whether a found name is a place here: long names, curated names and names in a
        place-like position are; a lone capitalised word must be a big or in-context place."""
        if not spot.ranked:
            return False
        score, best = spot.ranked[0]
        kinds = {m.kind for m in spot.matches if m.idx == best.idx}
        in_context = context.country_weight(best.country_code, spot.key) > 0
        cued = spot.locative or spot.qualifier is not None or spot.label in _CONTEXT_LABELS
        if spot.label in _NAME_LABELS and not (in_context or cued):
            return False
        # Capitals and countries "say" things by metonymy; people say them too.
        if spot.in_name and not cued and not (in_context and best.feature_code in ("PCLI", "PPLC", "ADM1")):
            return False
        one_word = len(spot.key.split()) == 1  # the article-free key: "al-Bab" is one word
        if "skeleton" in kinds and one_word:
            return cued
        if not one_word or "curated" in kinds or spot.facility:
            return True
        return score >= 3.0 or (cued and score >= 1.0) or (in_context and score >= 2.0)

    # -- output ---------------------------------------------------------------------------

    def _mentions(self, text: str, spots: list[_Spot]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        for prev, spot in zip([None, *spots], spots):
            q = spot.qualifier
            start = min(spot.start, q.start) if q else spot.start
            end = max(spot.facility_end or spot.end, q.end if q else 0)
            if prev is not None and out and self._only_locates(text, prev, spot):
                # "north of Raqqa in the province of Raqqa", "Palmyra, Syria",
                # "Hamrat village north of Raqqa": one place, named by the first.
                first = out.pop()
                mention = text[first.start : end]
                out.append(PlaceMention(first.start, end, mention, first.place.model_copy(update={"mention": mention})))
                continue
            out.append(PlaceMention(start, end, text[start:end], self._place(spot, text[start:end])))
        return out

    def _only_locates(self, text: str, prev: _Spot, spot: _Spot) -> bool:
        """Whether `spot` only says where `prev` lies: the region it is in, or a relative
        expression about a town next to it."""
        region = self._region_after(text, prev, spot)
        if region is not None:
            return _within(prev.ranked[0][1], region)
        q = spot.qualifier
        if prev.qualifier is not None or q is None or q.kind not in ("distance", "direction", "near"):
            return False
        gap = text[_end(prev) : q.start]
        a, b = prev.ranked[0][1], spot.ranked[0][1]
        return bool(_LOCATING_GAP.fullmatch(gap)) and _km(a.latitude, a.longitude, b.latitude, b.longitude) < 100

    def _region_after(self, text: str, prev: _Spot, spot: _Spot) -> Entry | None:
        """The region `spot` names when it only says where `prev` lies ("Arak, Homs",
        "Palmyra, Syria", "Raqqa in the province of Raqqa"), else None."""
        if not spot.ranked or not prev.ranked:
            return None
        gap = text[_end(prev) : spot.qualifier.start if spot.qualifier else spot.start]
        if not _QUALIFYING_GAP.fullmatch(gap):
            return None
        region = self._region_entry(spot)
        if gap.strip() == "," and region.feature_code in ("PPLA", "PPLC"):  # "Arak, Homs": the province
            region = self.gazetteer.admin1_region(region.country_code, region.admin1_code) or region
        if region.feature_code not in ("ADM1", "PCLI") or prev.ranked[0][1].feature_code == "PCLI":
            return None
        return region

    def _region_named(self, name: str, context: DocumentPlaceContext) -> Entry | None:
        """The first-level region or country a locating name means ("Ohio", "Syria"; "Homs"
        after a comma is the province)."""
        spot = self._name_spot(name, 0, len(name))
        if spot is None:
            return None
        self._rank(spot, context)
        if not spot.ranked:
            return None
        region = spot.ranked[0][1]
        if region.feature_code in ("PPLA", "PPLC"):
            region = self.gazetteer.admin1_region(region.country_code, region.admin1_code) or region
        return region if region.feature_code in ("ADM1", "PCLI") else None

    def _region_entry(self, spot: _Spot) -> Entry:
        """The spot's best reading, as its first-level region when a region word qualifies it."""
        best = spot.ranked[0][1]
        if spot.qualifier and spot.qualifier.kind == "region" and best.feature_code != "ADM1" and not best.is_region:
            region = self.gazetteer.admin1_region(best.country_code, best.admin1_code)
            if region is not None:
                return region
        return best

    def _place(self, spot: _Spot, mention: str) -> Place | None:
        if not spot.ranked:
            return None
        e = self._region_entry(spot)
        precision = e.precision
        q = spot.qualifier
        if q is not None:
            precision = max(precision, q.precision)
            if q.kind == "district" and N.fold(e.location) != spot.key:
                precision = e.precision  # a neighbourhood alias: the city itself
        if spot.facility and e.feature_code not in _FACILITY_CODES.get(spot.facility, set()):
            precision = max(precision, 2)  # "X airbase" with no such base known: near X
        named = self.gazetteer.entry(e.parent) if e.parent is not None else e
        return Place(
            mention=mention,
            location=named.location,
            admin1=self.gazetteer.admin1_name(e.country_code, e.admin1_code),
            country=self.gazetteer.country_name(e.country_code),
            country_code=e.country_code,
            latitude=e.latitude,
            longitude=e.longitude,
            geo_precision=precision,
            geonameid=e.geonameid,
            feature_code=e.feature_code,
            source=e.source,
        )
