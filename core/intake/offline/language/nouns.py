"""Noun phrases of a sentence without a tagger: runs of words that are neither verbs nor function
words, with their character spans, so a reader can count what a text keeps returning to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from core.intake.offline.language.lexicon import NOUN_VERBS, words
from core.intake.offline.language.text import singular, verb_form

FUNCTION = words(
    """
    a an the this that these those each every all any some both either neither no not one its it their
    his her my your our they them we us you i he she him which who whom whose what where when while
    whereas if then than so such as at by for from in into on onto of off to with within without via
    through across against about after before during upon under over between among based per including
    like and or but nor also only just even very more most less least other another same own can could
    will would shall should must may might is are was were be been being has have had having do does did
    able there here how why whether e.g i.e etc either include includes included contain contains
    containing comprise comprises comprising consist consists consisting allow allows allowing let lets
    enable enables provide provides providing offer offers offering need needs want wants help helps
    ensure ensures ensuring make makes made become becomes available accessible responsible capable
    required necessary possible many multiple several various numerous different certain specific
    particular given well both up per out off down away back
    """
)
# Words that qualify a noun rather than name a thing: dropped from the front of a phrase.
MODIFIERS = words(
    """
    unique new existing available personal multiple various different several many few past upcoming
    current previous daily weekly monthly yearly annual real-time online offline secure basic full entire
    single individual certain similar trending premium standard dedicated structured interactive optional
    additional relevant important critical detailed overall correct appropriate inappropriate successful
    automated automatic electronic digital comprehensive essential accurate nearby selected simple quick
    easy regular main primary secondary related corresponding specified defined predefined future recent
    separate distinct own whole particular actual general basic key base email sms push in-app accurate along
    """
)
# Nouns that are never a data entity of their own: the product itself, abstractions, manners.
NOT_THINGS = words(
    """
    system app application platform product tool website site software portal solution service ability
    option options capability capabilities detail details information info data way kind sort variety part
    basis purpose purposes form format process feature features functionality functionalities operation
    operations access security authentication login logins registration interface web time times level
    levels thing things effort use usage approach manner case example number numbers set
    list type types status means lot lots reference attribute attributes method methods function
    functions object objects instance instances structure component design concept module element
    field fields property properties id name email password description title date
    other others everyone anyone someone people person end start need needs work change changes action
    actions activity activities performance compliance engagement accuracy privilege privileges role
    roles help issue relationship accountability issues success failure mode view views output input
    """
)
# Verbs that are as often things ('a search', 'a bid'): read as a verb only where a verb must stand.
NOUNISH = NOUN_VERBS | words(
    "search access support display control transfer bid survey sample poll auction log sync chat contact "
    "match share link group note text answer view upload reminder feedback cancel request progress process "
    "project content experience design"
)
# What a design text calls a class after its name ('the BackupSchedule class').
DESIGN_WORDS = words(
    "class classes instance instances object objects component components module structure design concept"
)
# Verbs of descriptions the general verb list leaves out.
MORE_VERBS = words(
    """
    dictate occur lead orchestrate oversee represent outline encompass feature signify rely depend interact
    utilize utilise incorporate require characterize characterise resume rewatch boost improve prevent hold
    execute belong associate relate tie act serve determine facilitate calculate maintain involve mention
    receive allow consume achieve miss fall exist inherit extend govern decide happen appear expire become
    fail perform reach cover visit regard concern
    """
)
_MODALS = words("can could will would shall should must may might to cannot not also then")
_DETERMINERS = words("a an the this that these those each every all any some its their his her my your our one no")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:-[A-Za-z0-9]+)*|\d+(?:\.\d+)?|[^\sA-Za-z0-9]")


@dataclass(frozen=True)
class Phrase:
    """A noun phrase: its words (modifiers dropped), where it starts and ends in the sentence."""

    tokens: tuple[str, ...]
    start: int
    end: int

    @cached_property
    def key(self) -> str:
        """'RecoveryPoint' and 'recovery points' share a key."""
        text = " ".join(self.tokens[:-1] + (singular(split_camel(self.tokens[-1])),))
        return split_camel(text).lower()

    @cached_property
    def head(self) -> str:
        return singular(self.tokens[-1]).lower()


@lru_cache(maxsize=65536)
def split_camel(word: str) -> str:
    """'BackupSchedule' -> 'Backup Schedule', 'QRCode' -> 'QR Code'."""
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", word))


def is_class_word(word: str) -> bool:
    """'BackupSchedule', 'QRCode', 'API': a name a designer gave a class."""
    return bool(re.fullmatch(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z]{2,}[a-z]*[A-Z]?[a-z0-9]*", word))


def _camel(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]+[a-z0-9]+(?:[A-Z][a-z0-9]*)+", word))


def is_field_word(word: str) -> bool:
    """'scheduleId', 'lastBackupDate': a name a designer gave a field."""
    return bool(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", word))


@lru_cache(maxsize=16384)
def _verb(low: str) -> tuple[str, str] | None:
    form = verb_form(low)
    if form:
        return form
    for suffix, kind, add in (
        ("", "base", ""),
        ("s", "third", ""),
        ("es", "third", ""),
        ("ed", "past", ""),
        ("d", "past", ""),
        ("ing", "ing", ""),
        ("ing", "ing", "e"),
        ("ies", "third", "y"),
    ):
        if low.endswith(suffix) and low[: len(low) - len(suffix)] + add in MORE_VERBS:
            return (low[: len(low) - len(suffix)] + add, kind)
    return None


def _tag(tokens: list[re.Match]) -> list[str]:
    """N (part of a noun phrase), V (verb), F (function word or punctuation) for each token."""
    tags: list[str] = []
    for i, m in enumerate(tokens):
        word = m.group(0)
        low = word.lower().replace("’", "'")
        prev = tokens[i - 1].group(0).lower() if i else ""
        prev_tag = tags[-1] if tags else "F"
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        form = _verb(low) if not is_class_word(word) else None
        if not word[0].isalpha() or low in FUNCTION or low.endswith("ly") and len(low) > 4 or is_field_word(word):
            tags.append("F")
        elif form is None:
            tags.append("N")
        elif form[1] == "past":
            tags.append("V")
        elif form[1] == "ing":
            before_noun = _verb(nxt.lower()) is None and nxt[:1].isalpha() and nxt.lower() not in FUNCTION
            modifier = prev in _DETERMINERS or prev in MODIFIERS or (prev_tag == "N" or not prev) and before_noun
            tags.append("N" if modifier else "V")
        elif prev in _DETERMINERS or form[1] == "third" and prev_tag == "V":
            tags.append("N")  # 'a scan', 'plan routes'
        elif form[0] not in NOUNISH or prev in _MODALS or prev in ("and", "or", ",") and "V" in tags[-3:]:
            tags.append("V")
        elif prev_tag == "N" and (nxt.lower() in _DETERMINERS or verb_form(nxt.lower()) is None and nxt[:1].isalpha()):
            tags.append("V" if nxt.lower() not in FUNCTION or nxt.lower() in _DETERMINERS else "N")
        else:
            tags.append("N")
    return tags


@lru_cache(maxsize=8192)
def _tagged(sentence: str) -> tuple[list[re.Match], list[str]]:
    tokens = list(_TOKEN.finditer(sentence))
    return tokens, _tag(tokens)


@lru_cache(maxsize=8192)
def phrases(sentence: str) -> tuple[Phrase, ...]:
    """The noun phrases of a sentence in order; a possessive ('the patient's record') ends one."""
    tokens, tags = _tagged(sentence)
    out: list[Phrase] = []
    run: list[re.Match] = []

    def close() -> None:
        words_ = [m.group(0).replace("’", "'") for m in run]
        while len(words_) > 1 and words_[-2][0].isupper() and words_[-1].lower() in DESIGN_WORDS:
            words_.pop()
            run.pop()
        while len(words_) > 1 and (
            words_[0].lower() in MODIFIERS or (_verb(words_[0].lower()) or ("", "base"))[1] in ("past", "ing")
        ):
            words_.pop(0)
            run.pop(0)
        if words_:
            keep = words_[-2:] if not all(is_class_word(w) for w in words_) else words_[-1:]
            out.append(Phrase(tuple(w.removesuffix("'s") for w in keep), run[-len(keep)].start(), run[-1].end()))
        run.clear()

    for m, tag in zip(tokens, tags, strict=True):
        if tag == "N" and run and (_camel(m.group(0)) or _camel(run[-1].group(0))):
            if _camel(run[-1].group(0)) and m.group(0).lower() in DESIGN_WORDS:
                continue
            close()
        if tag == "N":
            run.append(m)
            if m.group(0).endswith(("'s", "’s")):
                close()
        elif run:
            close()
    if run:
        close()
    return tuple(out)


@lru_cache(maxsize=8192)
def verbs(sentence: str) -> tuple[tuple[str, int], ...]:
    """(base form, position) of each verb in a sentence."""
    tokens, tags = _tagged(sentence)
    return tuple(
        ((_verb(m.group(0).lower()) or (m.group(0).lower(),))[0], m.start())
        for m, tag in zip(tokens, tags, strict=True)
        if tag == "V"
    )
