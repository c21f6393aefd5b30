"""Finding a guide section by what a user typed: autocomplete, exact lookup, "did you mean".

Pure: no Discord here. Ids and titles come from the loaded :class:`bot.guide.model.Guide`.
"""

from __future__ import annotations

import re

from bot.guide.model import Guide, Section


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _rank(section: Section, query: str, qwords: list[str]) -> int | None:
    """Lower is better; None means no match at all."""
    title = section.title.casefold()
    twords = _words(section.title)
    if title == query or section.id == query:
        return 0
    if title.startswith(query):
        return 1
    if not qwords:
        return None
    if all(w in twords for w in qwords):
        return 2
    if all(any(tw.startswith(w) for tw in twords) for w in qwords):
        return 3
    if all(any(w in tw for tw in twords) for w in qwords):
        return 4
    # Ids and groups carry words titles lack ("example", "science", "derived" sections' ids).
    kwords = [*_words(section.id), *_words(section.group)]
    if all(any(kw.startswith(w) for kw in kwords + twords) for w in qwords):
        return 5
    if any(any(tw.startswith(w) for tw in twords) for w in qwords):
        return 6
    return None


def search_sections(guide: Guide, query: str, limit: int = 25) -> list[Section]:
    """Sections for autocomplete, best first: exact title, title prefix, all words, partial words.

    An empty query lists sections in reading order. Ties keep reading order.
    """
    q = " ".join(query.casefold().split())
    if not q:
        return list(guide.sections[:limit])
    qwords = _words(q)
    ranked = [(rank, n, s) for n, s in enumerate(guide.sections) if (rank := _rank(s, q, qwords)) is not None]
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [s for _, _, s in ranked[:limit]]


def resolve_section(guide: Guide, value: str) -> Section | None:
    """The section named by an id or an exact title (any case), or None."""
    v = " ".join(value.split())
    if v in guide.by_id:
        return guide.by_id[v]
    folded = v.casefold()
    for s in guide.sections:
        if s.title.casefold() == folded or s.id == folded:
            return s
    return None
