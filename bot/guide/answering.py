"""Which guide sections answer a member's message: "Answer with the guide" ranks them. Pure.

The ranking is the autocomplete's own search (`search_sections`) run on the message's words,
so a moderator sees the sections in the order typing those words would give. A message is a
sentence, not a title being typed, so before searching its filler words are dropped (and the
words every section shares, "hip" and "thrust"), plurals lose their "s" and verbs their "ing"
(the search matches word prefixes, so "glute" then finds "glute" and "glutes"), and sections the search returns
together are ordered by how many of the words they match (a word of fewer than five letters
must be a whole word there: "set" does not find "setup"). Most questions name no title's word
("how high should the bench be?"), so the sections whose text has the words come next, by how
many they have, a section of the guide's own before one derived from it, then by how much of the
text they are ("how many sets and reps?": five of Progress it's 77 words, two of Make the setup
repeatable's 54). A message or a search
that speaks of pain, injury or rehab is offered no training section (`bot.guide.pain`). The text
is read here and nowhere kept.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import takewhile

from bot.guide.model import Guide, Section
from bot.guide.pain import asks_about_pain, pain_sections
from bot.guide.search import search_sections
from bot.interactions import limits

MAX_WORDS = 30  # a long message's first words say what it asks; more only slows the search
# Words that say nothing about which section answers: question words ("who" stays: a section is
# titled "Who this is for"), pronouns, auxiliaries, chat filler, and the exercise's own name,
# which every section is about.
# fmt: off
_FILLER = frozenset(
    {
        "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "don", "for", "from", "get", "got",
        "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "if", "im", "in", "into", "is",
        "it", "its", "just", "know", "me", "might", "more", "most", "much", "my", "no", "not", "of", "off", "on", "one",
        "only", "or", "other", "our", "out", "over", "please", "same", "she", "should", "so", "some", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "why", "will", "with", "would", "you", "your",
        "yours", "also", "anyone", "better", "good", "guy", "guys", "like", "lol", "make", "many", "need", "people",
        "question", "really", "say", "someone", "thank", "thanks", "thing", "things", "think", "use", "want", "hip",
        "hips", "thrust", "thrusts", "thrusting",
    }
)
# fmt: on
_WORD = re.compile(r"[a-z0-9]+")


def message_words(text: str) -> list[str]:
    """The words of a message that can point at a section, in order, each once."""
    words: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if word in _FILLER or len(word) == 1:  # one letter: an apostrophe's tail ("what's", "don't")
            continue
        if len(word) > 5 and word.endswith("ing"):
            word = word[:-3]  # "powerlifting" finds "powerlifter", "progressing" finds "progress"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in words:
            words.append(word)
        if len(words) == MAX_WORDS:
            break
    return words


# A shorter message word must be a whole word of the section or its plural: "set" is not
# "setup", "rep" not "repeatable". A longer one may start a word ("powerlift" → "powerlifter").
WHOLE_BELOW = 5


class _Words:
    """The words of a section's title (with its id and group) or of its text."""

    def __init__(self, text: str) -> None:
        words = _WORD.findall(text.casefold())
        self.counts = Counter(words)
        self.whole = frozenset(self.counts)
        self.ordered = tuple(sorted(self.whole))  # a prefix is then one bisection away
        self.size = len(words)

    def has(self, word: str) -> bool:
        if len(word) < WHOLE_BELOW:
            return word in self.whole or word + "s" in self.whole
        at = bisect_left(self.ordered, word)
        return at < len(self.ordered) and self.ordered[at].startswith(word)

    def found(self, word: str) -> list[str]:
        """The distinct words `word` finds here, as `has` finds them."""
        if len(word) < WHOLE_BELOW:
            return [w for w in (word, word + "s") if w in self.whole]
        at = bisect_left(self.ordered, word)
        return list(takewhile(lambda w: w.startswith(word), self.ordered[at:]))

    def share(self, words: list[str]) -> float:
        """How much of the text the words are: the words they find, counted each time, per word of it."""
        return sum(self.counts[w] for word in words for w in self.found(word)) / max(self.size, 1)


@cache
def _title_words(section: Section) -> _Words:
    return _Words(f"{section.title} {section.id} {section.group}")


@cache
def _text_words(section: Section) -> _Words:
    return _Words(section.body)


def _hits(section: Section, words: list[str]) -> int:
    """How many of the words the section's title, id or group has."""
    return sum(map(_title_words(section).has, words))


def _text_hits(section: Section, words: list[str]) -> int:
    """How many of the words the section's text has."""
    return sum(map(_text_words(section).has, words))


@dataclass(frozen=True)
class Offered:
    """The sections offered for a message, and whether it asks about pain, injury or rehab (then
    they are `pain_sections`, and "Answer with the guide" adds the referral note)."""

    sections: list[Section]
    pain: bool


def sections_for_message(guide: Guide, text: str, limit: int = limits.SELECT_OPTIONS) -> Offered:
    """Up to `limit` sections: those whose title the message's words find, best first; then those
    whose text has them, most words first (the guide's own sections before derived ones, then
    those the words are more of first: `_Words.share`); then the rest, each group in reading
    order among equals. A word of fewer than 5 letters finds
    only itself or its plural (`WHOLE_BELOW`). A pain, injury or rehab question gets
    `pain_sections` instead, and says so (`pain`): the caller need not read the text again."""
    if asks_about_pain(text):
        return Offered(pain_sections(guide, limit), pain=True)
    words = message_words(text)
    searched = search_sections(guide, " ".join(words), limit=len(guide.sections)) if words else []
    in_title = {s.id: n for s in searched if (n := _hits(s, words))}
    in_text = {s.id: n for s in guide.sections if s.id not in in_title and (n := _text_hits(s, words))}
    # Stable sorts keep the search's order, and the guide's, among sections matching as many words.
    found = sorted((s for s in searched if s.id in in_title), key=lambda s: -in_title[s.id])
    texts = sorted(
        (s for s in guide.sections if s.id in in_text),
        key=lambda s: (-in_text[s.id], s.derived, -_text_words(s).share(words)),
    )
    rest = [s for s in guide.sections if s.id not in in_title and s.id not in in_text]
    return Offered([*found, *texts, *rest][:limit], pain=False)


def sections_for_typing(guide: Guide, typed: str, limit: int = limits.CHOICES) -> list[Section]:
    """What the section autocomplete offers: the sections whose title matches what is typed
    (`search_sections`); then those whose title has the words typed read as a message's are
    ("setups", "pairing"); then, with room left, those whose text has every word typed (filler
    dropped as from a message), the guide's own before derived ones, those the words are more of
    first. "bench" names no title, and
    offers Make the setup repeatable, whose text speaks of the bench's height. Words of pain,
    injury or rehab offer `pain_sections` instead."""
    if asks_about_pain(typed):
        return pain_sections(guide, limit)
    found = search_sections(guide, typed, limit=limit)
    words = message_words(typed)
    if not words:
        return found
    # The words read as a message's are ("setups" is "setup", "pairing" "pair"): the titles they
    # find come next, as Answer with the guide ranks them, before the sections whose text has them.
    shown = {s.id for s in found}
    titled = [s for s in search_sections(guide, " ".join(words), limit=limit) if s.id not in shown and _hits(s, words)]
    shown.update(s.id for s in titled)
    in_text = [s for s in guide.sections if s.id not in shown and all(map(_text_words(s).has, words))]
    in_text.sort(key=lambda s: (s.derived, -_text_words(s).share(words)))
    return [*found, *titled, *in_text][:limit]


def suggest(guide: Guide, value: str, n: int = 3) -> list[str]:
    """Up to ``n`` section titles closest to ``value``, for a "did you mean …" answer: titles
    spelled alike first, then what the autocomplete would offer for it ("bench": the section
    whose text speaks of the bench). Words of pain, injury or rehab get only `pain_sections`."""
    if asks_about_pain(value):
        return [s.title for s in pain_sections(guide, n)]
    folded = " ".join(value.casefold().split())
    by_key = {s.title.casefold(): s.title for s in guide.sections}
    by_key.update({s.id: s.title for s in guide.sections})
    titles: list[str] = []
    for key in difflib.get_close_matches(folded, list(by_key), n=n * 2, cutoff=0.5):
        if by_key[key] not in titles:
            titles.append(by_key[key])
    # Typed words in a title or a text count too, when spelling alone finds too few.
    for s in sections_for_typing(guide, value) if folded else []:
        if s.title not in titles:
            titles.append(s.title)
    return titles[:n]
