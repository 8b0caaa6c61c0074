"""Lookup keys for place names.

News, GeoNames and the curated files spell the same Arabic place many ways (Deir ez-Zor,
Dayr az Zawr, Deir Ezzor, دير الزور). Names are compared through keys, not as written:

- `norm`: casefold, no diacritics, no ayn/hamza/apostrophe marks, punctuation to spaces;
- `fold`: `norm` plus generic-term spellings (Dayr→deir, Tall→tal…) and final -ah/-eh → -a;
  the leading Arabic article is optional, so `fold_keys` gives the form without it too;
- `skeleton`: a consonant skeleton of the fold key for transliteration variants that even
  `fold` misses (Maarat al-Numan vs Ma'arrat an Nu'man). It merges unrelated names too, so
  callers confirm a skeleton hit with a string-similarity check.

Written by hand: unidecode (GPL) and the transliteration packages on PyPI map scripts to
Latin, but none folds the competing English/French/academic romanisations of Arabic onto
each other, which is what lookups here need.
"""

from __future__ import annotations

import re
import unicodedata

from ..lexicons import read_tsv, words

# Leading Arabic definite article, in the assimilated forms romanisations write (as-Sukhnah,
# ar-Raqqah, ash-Shaddadi, ad-Dumayr…): data/place_words.tsv.
ARTICLES = frozenset(words("place_words.tsv", "article"))

# Generic terms that start many Arabic/Kurdish place names, each spelled several ways:
# data/place_generic_terms.tsv.
_GENERIC = {r["spelling"]: r["generic"] for r in read_tsv("place_generic_terms.tsv")}

# The character tables below are orthography (what a letter or mark folds to), not words.

_APOSTROPHES = "ʿʾ‘’'`´ʻʼ′‛ʹ"
_TO_SPACE = "-‐‑‒–—―_/\\.,;:()[]{}\"“”«»!?&+*#|~"
_LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
# Arabic orthographic variants that spellings of one name mix: tatweel, taa marbuta,
# alif maqsura, alif wasla.
_ARABIC = {"ـ": "", "ة": "ه", "ى": "ي", "ٱ": "ا"}
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_TABLE = str.maketrans(
    {**dict.fromkeys(_APOSTROPHES, ""), **dict.fromkeys(_TO_SPACE, " "), **_LETTERS, **_ARABIC}
)


def norm(text: str) -> str:
    text = text.casefold().translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        if _ARABIC_LETTER.search(text):
            text = "".join(c for c in text if not unicodedata.combining(c))
        else:  # Latin with diacritics: the decomposed marks are all that is not ASCII
            text = text.encode("ascii", "ignore").decode()
    return " ".join(text.split())


_GENERIC_KEYS = frozenset(_GENERIC)
_FINAL_AH = re.compile(r"\b(\w{2,})[ae]h\b")  # Raqqah/Raqqa, Hasakeh/Hasaka


def fold_keys(text: str) -> tuple[str, str | None]:
    """(fold key as written, fold key without the leading article or None if it had none)."""
    tokens = norm(text).split()
    if not tokens:
        return "", None
    if not _GENERIC_KEYS.isdisjoint(tokens):
        tokens = [_GENERIC.get(t, t) for t in tokens]
    key = " ".join(tokens)
    if "h" in key:
        key = _FINAL_AH.sub(r"\1a", key)
    head, _, rest = key.partition(" ")
    if rest and head in ARTICLES:
        return key, rest
    if head.startswith("ال") and len(head) > 3:
        return key, key[2:]
    return key, None


def fold(text: str) -> str:
    """The article-free fold key: what names from Arabic-speaking countries are indexed by."""
    full, bare = fold_keys(text)
    return bare or full


_ASSIMILATED = re.compile(r"^[ae]([tdrzsnl])\1(\w{2,})$")  # "ezzor" = article "ez" + "zor"
_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("dj", "j"), ("ch", "sh"), ("q", "k"), ("ph", "f"))
_VOWELS = frozenset("aeiou")


def _skeleton_token(token: str) -> str:
    for a, b in _DIGRAPHS:
        token = token.replace(a, b)
    out = ["a" if token[0] in _VOWELS else token[0]]
    for i in range(1, len(token)):
        c = token[i]
        # y/w closing a diphthong (Dayr, Zawr) are vowels; between vowels (Kuweires) consonants.
        glide = c in "yw" and token[i - 1] in _VOWELS and token[i + 1 : i + 2] not in _VOWELS
        if c in _VOWELS or glide or c == token[i - 1]:
            continue
        out.append(c)
    return "".join(out)


def skeleton(text: str) -> str:
    """Consonant skeleton of the article-free fold key; '' when too short to be selective."""
    tokens = fold(text).split()
    if not tokens or not tokens[0].isascii():
        return ""
    kept = [tokens[0]]
    for t in tokens[1:]:
        if t in ARTICLES:
            continue
        m = _ASSIMILATED.match(t)
        kept.append(m.group(1) + m.group(2) if m else t)
    key = "".join(_skeleton_token(t) for t in kept if t)
    return key if len(key) >= 4 else ""


# A letter outside the Latin, IPA/modifier, combining and Arabic blocks.
_OTHER_SCRIPT = re.compile(
    r"[^\W\d_\u0000-\u036f\u1e00-\u1eff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"
)


def is_arabic_script(text: str) -> bool:
    return not text.isascii() and _ARABIC_LETTER.search(text) is not None


def is_latin_or_arabic(text: str) -> bool:
    """Names in other scripts cannot occur in English news and only cost memory."""
    return text.isascii() or _OTHER_SCRIPT.search(text) is None


_ASCII_TABLE = str.maketrans({**dict.fromkeys(_APOSTROPHES, ""), **_LETTERS})


def ascii_name(text: str) -> str:
    """A name as an analyst would type it: diacritics and ayn/hamza marks dropped, case kept."""
    if text.isascii():
        return text.replace("`", "").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.translate(_ASCII_TABLE).split())
