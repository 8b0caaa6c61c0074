"""Body sentences → candidate events: a trigger, who acted, who was hit, and the evidence.

Rules over spaCy's dependency parse, written here because no packaged model types
events in ACLED's taxonomy; every word list they use lives in `frontlines/data/`.
A candidate that later stages cannot place or attribute is dropped or marked down:
a false event is worse than a missing one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .. import lexicons
from ..annotate import Sentence
from .actors import ActorMention
from .triggers import TriggerMatch, clause_head, find_triggers, is_background_or_unreal, is_verbal

log = logging.getLogger(__name__)

# The word lists of these rules: data/event_words.tsv.
_ARMED_NOUNS = set(lexicons.words("event_words.tsv", "armed_noun"))
_WEAPON_NOUNS = set(lexicons.words("event_words.tsv", "weapon_noun"))
_AIR_NOUNS = set(lexicons.words("event_words.tsv", "air_noun"))
_EXPLOSIVE_NOUNS = set(lexicons.words("event_words.tsv", "explosive_noun"))
_AGREEMENT_VERBS = set(lexicons.words("event_words.tsv", "agreement_verb"))
_HARM_VERBS = set(lexicons.words("event_words.tsv", "harm_verb"))
_PROTEST_LEMMAS = set(lexicons.words("event_words.tsv", "protest_word"))
# Verbs whose object is the trigger noun and whose subject did it: "X carried out airstrikes".
_DO_VERBS = set(lexicons.words("event_words.tsv", "do_verb"))
# Verbs whose object was taken before it was used: "discovered IEDs" (ACLED's disrupted weapons use).
_DISCOVERY_VERBS = set(lexicons.words("event_words.tsv", "discovery_verb"))
_BATTLE_TYPES = {lexicons.TERRITORY, lexicons.ATTACK, "Armed clash"}
# The dependency labels and the prepositions that the role rules below read ("attacked X from Y",
# "an attack on X", "fighting between X and Y") are the grammar of the rules, not word lists.
_SUPPORT_WORDS = set(lexicons.words("event_words.tsv", "support_word"))
# The most tellings (distinct trigger phrases) one sentence is read for. Of 3,656 real sentences
# with a trigger (ACLED notes, GeoWebNews, LGL, GeoVirus in ../shared) none had more than 6; a
# "sentence" with dozens is a list or a page built to hurt, and each reading walks the parse, so
# the cap is what keeps a sentence's cost bounded by its length (issue 14).
MAX_TELLINGS_PER_SENTENCE = 12

@dataclass
class Candidate:
    sentence: Sentence
    trigger: TriggerMatch
    sub_event_type: str  # ACLED name, or lexicons.TERRITORY / lexicons.ATTACK until actors decide
    actor1: list[str] = field(default_factory=list)
    assoc1: list[str] = field(default_factory=list)
    actor2: list[str] = field(default_factory=list)
    assoc2: list[str] = field(default_factory=list)
    actor_spans: list[tuple[int, int]] = field(default_factory=list)  # body offsets: not places
    continues_previous: bool = False  # "the clashes": the same event as one told before
    unknown_armed_actor1: bool = False  # the actor is armed men the lexicon cannot name

    @property
    def anchor(self) -> Token:
        return anchor_token(self.trigger, self.sentence.span)


def anchor_token(match: TriggerMatch, sent: Span) -> Token:
    """The token of a trigger phrase whose head lies outside the phrase."""
    doc = sent.doc
    tokens = [doc[i] for i in match.tokens]
    anchor = next((t for t in tokens if t.head.i not in match.tokens or t.head == t), tokens[0])
    # "suicide car bomb attack": the noun phrase's head carries the roles.
    while anchor.dep_ == "compound" and anchor.head != anchor:
        anchor = anchor.head
    return anchor


def _mentions_in(tokens: list[Token], mentions: list[ActorMention], sentence: Sentence) -> list[ActorMention]:
    offsets = {sentence.start + t.idx for t in tokens}
    return [m for m in mentions if any(m.start <= o < m.end for o in offsets)]


def _subtree(token: Token, skip_preps: set[str] = frozenset()) -> list[Token]:
    """A token's subtree, without the prepositional phrases named in skip_preps."""
    out = [token]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in skip_preps:
            continue
        if child.dep_ in ("relcl", "advcl", "ccomp", "parataxis"):
            continue
        out.extend(_subtree(child, skip_preps))
    return out


def _own_clause(token: Token) -> list[Token]:
    """A trigger's own words, in order: its subtree without the clauses and conjuncts joined to it."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in ("relcl", "advcl", "ccomp", "parataxis", "conj", "cc", "punct"))
    return sorted(out, key=lambda t: t.i)


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.extend(_subtree(obj))
    return out


def _split_subject(tokens: list[Token], mentions: list[ActorMention], sentence: Sentence):
    """Actors of a subject phrase: the head actors, and those named as backing them."""
    support_tokens = []
    for token in tokens:
        if token.dep_ in ("acl", "prep") and (token.lemma_.lower() in _SUPPORT_WORDS or token.lower_ == "with"):
            support_tokens.extend(_subtree(token))
    support_ids = {t.i for t in support_tokens}
    main = [t for t in tokens if t.i not in support_ids]
    return _mentions_in(main, mentions, sentence), _mentions_in(support_tokens, mentions, sentence)


def _dedupe(names: list[str]) -> list[str]:
    seen: list[str] = []
    for n in names:
        if n not in seen:
            seen.append(n)
    return seen


# Words that may stand between an author and the weapon or strike it fired: "IS IED", "a
# Russian airstrike", "regime artillery shelling", "Houthi ballistic missiles".
_PREMODIFIER_DEPS = {"compound", "amod", "nmod", "nummod"}


def _author_before(anchor: Token, mentions: list[ActorMention], sentence: Sentence) -> list[ActorMention]:
    """The armed actor named right before the trigger, with only its modifiers between: the
    author of the strike or the device ("IS IED", "Turkish artillery shelling")."""
    start = sentence.start + anchor.idx
    for mention in reversed(mentions):
        if not mention.info.is_armed or mention.start > start:
            continue
        if start < mention.end:
            return [mention]  # the alias holds the trigger: "regime shelling", "coalition airstrikes"
        between = [t for t in anchor.doc if mention.end <= sentence.start + t.idx < start]
        if all(t.dep_ in _PREMODIFIER_DEPS or t.text == "-" for t in between):
            return [mention]
        return []  # only the nearest actor before the trigger can be its author
    return []


def _governing_subject(anchor: Token) -> list[Token]:
    """The subject of the nearest clause above the trigger's that has one, climbing only through
    clauses that share it (adverbial, complement, conjoined: never reported speech)."""
    verb = clause_head(anchor)
    while True:
        subjects = _children(verb, {"nsubj"})
        if subjects:
            return [t for s in subjects for t in _subtree(s)]
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ in _SAME_SUBJECT_PREPOSITIONS:
            verb = clause_head(verb.head.head)  # "the army entered Palmyra after capturing the airbase"
            continue
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head == verb:
            return []
        verb = clause_head(verb.head)


# A gerund after these shares the subject of the clause it hangs from ("entered the town after
# capturing the airbase", "by shelling"); "in conjunction with shelling" names no one.
_SAME_SUBJECT_PREPOSITIONS = {"after", "before", "upon", "while", "by"}


def _shares_subject(verb: Token) -> bool:
    """Whether a verb without a subject of its own takes its head's: a conjoined verb, an
    open complement ("attempted to advance"), or a purpose clause in "to" ("used X to shell")."""
    if verb.dep_ in ("conj", "xcomp"):
        return True
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _assign_roles(cand: Candidate, mentions: list[ActorMention]) -> None:
    sentence, anchor = cand.sentence, cand.anchor
    subj1: list[ActorMention] = []
    support: list[ActorMention] = []
    target: list[ActorMention] = []
    if is_verbal(anchor):
        verb = anchor
        subject_verb = verb
        # "X shelled A and seized B": a conjoined verb shares the first verb's subject; so does a
        # verb it controls ("X used rockets to shell A", "X claimed to have shelled A").
        while not _children(subject_verb, {"nsubj", "csubj", "nsubjpass"}) and _shares_subject(subject_verb):
            subject_verb = subject_verb.head
        for subj in _children(subject_verb, {"nsubj", "csubj"}):
            main, backing = _split_subject(_subtree(subj), mentions, sentence)
            subj1 += main
            support += backing
        for agent in _children(verb, {"agent"}):
            subj1 += _mentions_in(_subtree(agent), mentions, sentence)
        for subj in _children(verb, {"nsubjpass"}):
            target += _mentions_in(_subtree(subj), mentions, sentence)
        target += _mentions_in(_prep_objects(verb, {"from", "against", "on", "at", "to"}), mentions, sentence)
        for obj in _children(verb, {"dobj"}):
            target += _mentions_in(_subtree(obj, {"with"}), mentions, sentence)
        with_objects = _mentions_in(_prep_objects(verb, {"with"}), mentions, sentence)
        if cand.sub_event_type in ("Armed clash", lexicons.ATTACK):
            target += with_objects
        else:
            support += with_objects
        support += _mentions_in(
            [t for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in _SUPPORT_WORDS for t in _subtree(c)],
            mentions,
            sentence,
        )
    else:
        noun = anchor
        # "launched 4 airstrike raids", "used rocket launchers": the phrase's head noun has the roles.
        while noun.dep_ in ("amod", "compound") and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i > noun.i:
            noun = noun.head
        own = _subtree(noun, {"on", "against", "targeting", "in", "near", "at", "between"})
        subj1 += [m for m in _mentions_in(own, mentions, sentence)]
        target += _mentions_in(_prep_objects(noun, {"on", "against", "targeting"}), mentions, sentence)
        between = _mentions_in(_prep_objects(noun, {"between"}), mentions, sentence)
        if between:
            subj1 += between[:1]
            target += between[1:]
        governor = noun.head
        if noun.dep_ == "dobj" and governor.lemma_.lower() in _DO_VERBS:
            for subj in _children(governor, {"nsubj"}):
                main, backing = _split_subject(_subtree(subj), mentions, sentence)
                subj1 += main
                support += backing
        elif noun.dep_ == "nsubj":
            for obj in _children(governor, {"dobj"}):
                target += _mentions_in(_subtree(obj), mentions, sentence)
        elif noun.dep_ == "pobj" and governor.dep_ in ("prep", "agent"):  # "… was shot by a regime sniper"
            verb = governor.head
            while verb.dep_ == "conj" and not _children(verb, {"nsubj", "nsubjpass"}):
                verb = verb.head  # "was shot and killed by a sniper": the subject is the first verb's
            for subj in _children(verb, {"nsubjpass"}):
                target += _mentions_in(_subtree(subj), mentions, sentence)
            for obj in _children(verb, {"dobj"}):
                target += _mentions_in(_subtree(obj), mentions, sentence)
            for subj in _children(verb, {"nsubj"}):
                # "its fighters killed 30 SDF fighters in a suicide car bomb attack"
                subj1 += _mentions_in(_subtree(subj), mentions, sentence)
    # "…, killing two civilians": the victims of the clause's harm verbs are hit by the event.
    clause = clause_head(anchor)
    harmed = [
        m
        for harm in clause.children
        if harm.dep_ in ("advcl", "conj", "xcomp") and harm.lemma_.lower() in _HARM_VERBS
        for obj in _children(harm, {"dobj"})
        for m in _mentions_in(_subtree(obj), mentions, sentence)
    ]
    if not subj1:
        subj1 = _author_before(anchor, mentions, sentence)
    if not subj1:
        # "IS militants targeted a PMF vehicle using an IED": the clause the trigger's clause
        # serves has the subject who acted.
        taken = {id(m) for m in target + harmed}
        subj1 = [m for m in _mentions_in(_governing_subject(anchor), mentions, sentence) if m.info.is_armed and id(m) not in taken]
    if not target and cand.sub_event_type in _BATTLE_TYPES:
        # "X seized the village after IS fighters withdrew": the other armed side named in the
        # sentence is who the battle was against.
        taken = {id(m) for m in subj1 + support}
        target = [m for m in mentions if id(m) not in taken and m.info.is_armed]
        if not subj1 and cand.sub_event_type == "Armed clash" and len({m.actor for m in target}) >= 2:
            # "Clashes and exchange of shelling between regime forces and rebels": both sides are
            # named, in ACLED's order: the first named is actor1.
            subj1, target = target[:1], target[1:]
    target += harmed
    if not subj1 and is_verbal(anchor):
        # "Taliban fighters attacked …": an armed group the lexicon does not know yet.
        subjects = _children(subject_verb, {"nsubj"})
        if any(s.lemma_.lower() in _ARMED_NOUNS for s in subjects):
            cand.unknown_armed_actor1 = True
    first_ids = {id(m) for m in subj1}
    target = [m for m in target if id(m) not in first_ids]
    actor1 = _dedupe([m.actor for m in subj1])
    actor2 = _dedupe([m.actor for m in target if m.actor not in actor1])
    assoc1 = _dedupe([m.actor for m in support if m.actor not in actor1 and m.actor not in actor2])
    # A militia named first beside the force it serves is that force's associate (ACLED's assoc_actor_1).
    known = lexicons.actors()
    if len(actor1) > 1:
        head = next((a for a in actor1 if not known[a].associated_with), actor1[0])
        assoc1 = _dedupe([a for a in actor1 if a != head] + assoc1)
        actor1 = [head]
    if len(actor2) > 1:
        assoc2 = actor2[1:]
        actor2 = actor2[:1]
    else:
        assoc2 = []
    cand.actor1, cand.assoc1, cand.actor2, cand.assoc2 = actor1, assoc1, actor2, assoc2


def _is_anaphoric(anchor: Token) -> bool:
    """ "in the clashes", "the attack": a definite noun that refers back to a told event."""
    if anchor.pos_ not in ("NOUN", "PROPN"):
        return False
    determiners = [c.lower_ for c in anchor.children if c.dep_ in ("det", "poss")]
    modifiers = [c for c in anchor.children if c.dep_ in ("amod", "compound", "nummod", "prep")]
    return determiners in (["the"], ["this"], ["these"], ["that"]) and not modifiers


def candidates_in(sentence: Sentence, mentions: list[ActorMention]) -> list[Candidate]:
    sent = sentence.span
    in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
    lemmas = {t.lemma_.lower() for t in sent}
    armed = any(m.info.is_armed for m in in_sentence) or bool(lemmas & _ARMED_NOUNS)
    # State and external forces (coalitions) are who fly; a rebel group named beside a strike is not.
    air = bool(lemmas & _AIR_NOUNS) or any(m.info.inter in (1, 8) for m in in_sentence)
    protest = bool(lemmas & _PROTEST_LEMMAS)
    agreement = any(t.pos_ == "VERB" and t.lemma_.lower() in _AGREEMENT_VERBS for t in sent)
    by_clause: dict[int, list[Candidate]] = {}
    told: set[tuple] = set()
    for match in find_triggers(sent):
        # The same words twice in one sentence tell one happening twice (a page that repeats a
        # phrase): the second is not read again, so no sentence costs more than its own words.
        telling = (match.trigger.sub_event_type, tuple(t.lower_ for t in _own_clause(anchor_token(match, sent))))
        if telling in told:
            continue
        if len(told) == MAX_TELLINGS_PER_SENTENCE:
            log.debug("sentence at %d has more than %d tellings; the rest are not read", sentence.start, len(told))
            break
        told.add(telling)
        if is_background_or_unreal(match, sent):
            continue
        needs = match.trigger.needs
        unmet = {
            "armed_actor": not armed,
            "air_actor": not air,
            "air_noun": not lemmas & _AIR_NOUNS,
            "explosive_or_armed": not (armed or lemmas & _EXPLOSIVE_NOUNS),
            "protest": not protest,
            "agreement": not agreement,
            "weapon_object": not _has_weapon_object(sent.doc[match.tokens[0]]),
            "told_past": not _told_as_past(sent.doc[match.tokens[0]]),
        }
        if unmet.get(needs, False):
            continue
        cand = Candidate(
            sentence=sentence,
            trigger=match,
            sub_event_type=match.trigger.sub_event_type,
            actor_spans=[(m.start, m.end) for m in in_sentence],
        )
        cand.continues_previous = _is_anaphoric(cand.anchor)
        by_clause.setdefault(clause_head(cand.anchor).i, []).append(cand)
    by_clause = _without_harm_told_by_others(by_clause)
    # Only a harm verb no other trigger tells is read as an aircraft's strike ("government
    # warplanes killed five"; a suicide bomber who "targeted" a convoy is the bombing); that strike
    # tells more than harm, so the sentence's other harm verbs are then its own ("…, killing two").
    for tellings in by_clause.values():
        for cand in tellings:
            if _only_harm(cand) and _flown(cand.anchor):
                cand.sub_event_type = "Air/drone strike"
    by_clause = _without_harm_told_by_others(by_clause)
    out: list[Candidate] = []
    for tellings in by_clause.values():
        for cand in tellings:
            _assign_roles(cand, in_sentence)
        out.append(_one_per_clause(tellings))
    # In the order the kept triggers come in the sentence.
    out.sort(key=lambda c: c.trigger.tokens[0])
    for cand in out:
        # "seized weapons and ammunition" is a disrupted weapons use, not a territorial change.
        if cand.sub_event_type == lexicons.TERRITORY and _has_weapon_object(cand.anchor):
            cand.sub_event_type = "Disrupted weapons use"
        elif _found_before_use(cand.anchor):
            # "troops discovered 37 IEDs", "a grenade was found": the weapon was taken, not used.
            cand.sub_event_type = "Disrupted weapons use"
    return out


def _without_harm_told_by_others(by_clause: dict[int, list[Candidate]]) -> dict[int, list[Candidate]]:
    """ "Airstrikes killed 12 civilians", "shelled the town, killing two": where a sentence has a
    trigger that tells more than harm, the killing is that event's, not a second one."""
    if all(_only_harm(c) for tellings in by_clause.values() for c in tellings):
        return by_clause
    return {clause: kept for clause, tellings in by_clause.items() if (kept := [c for c in tellings if not _only_harm(c)])}


def _only_harm(cand: Candidate) -> bool:
    """A harm verb's telling that nothing made more than harm ("jets targeted" is a strike)."""
    return cand.trigger.trigger.names_only_harm and cand.sub_event_type == lexicons.ATTACK


def _one_per_clause(tellings: list[Candidate]) -> Candidate:
    """One event per clause: "regained control ... after heavy fighting" is one battle. Its actors are the ones any trigger of
    the clause found: in "warplanes launched 4 airstrike raids" the raids have the author the
    word "airstrike" lacks."""
    # The trigger that heads the clause types it ("The army shelled X in conjunction with
    # airstrikes" is the shelling); else the strongest one.
    heads = [c for c in tellings if clause_head(c.anchor).i == c.anchor.i]
    kept = max(heads or tellings, key=lambda c: c.trigger.trigger.priority)
    if not kept.actor1:
        donor = next((c for c in tellings if c.actor1), None)
        if donor is not None:
            kept.actor1, kept.assoc1 = donor.actor1, donor.assoc1
            kept.actor2, kept.assoc2 = kept.actor2 or donor.actor2, kept.assoc2 or donor.assoc2
            kept.unknown_armed_actor1 = False
    return kept


def _flown(verb: Token) -> bool:
    """Whether the verb's subject is an aircraft ("warplanes", "a Turkish drone")."""
    return any(
        t.lemma_.lower() in _AIR_NOUNS
        for subject in verb.children
        if subject.dep_ == "nsubj"
        for t in (subject, *(c for c in subject.children if c.dep_ == "compound"))
    )


def _told_as_past(verb: Token) -> bool:
    """ "HTS controlled the village", "has controlled", "managed to control": a change told as
    done, not a state ("the areas it controls", "regime-controlled areas")."""
    if verb.tag_ == "VBD" and verb.dep_ not in ("amod", "acl", "relcl"):
        return True
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.tag_ == "VBD"


def _found_before_use(anchor: Token) -> bool:
    """A weapon named as what was discovered or seized ("discovered 37 IEDs and a rocket", "two
    hand bombs were found"), not as what struck."""
    noun = anchor
    while noun.dep_ in ("conj", "compound", "amod") and noun.head != noun:
        noun = noun.head
    return not is_verbal(anchor) and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in _DISCOVERY_VERBS


def _has_weapon_object(verb: Token) -> bool:
    """ "seized weapons and ammunition", "cleared explosive devices": the verb acts on weapons."""
    objects = _children(verb, {"dobj", "nsubjpass"})
    objects += [c for o in objects for c in o.conjuncts]
    return any(o.lemma_.lower() in _WEAPON_NOUNS for o in objects)
