"""The hip thrust guide as data: sections loaded and checked from ``data/guide``.

Pure: no Discord here. Search lives in :mod:`bot.guide.search`, rendering in :mod:`cogs.guide.render`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.guide.markdown import labels
from bot.interactions import limits

# The fixed vocabulary of section ids: commands and pinned snippets refer to these.
SECTION_IDS: tuple[str, ...] = (
    "quick-answer",
    "how-to-use",
    "what-this-does-not-prove",
    "start-with-the-job",
    "setup-repeatable",
    "progress-it",
    "pair-it",
    "example-hypertrophy",
    "example-back-fatigue",
    "example-powerlifter",
    "why-the-answer",
    "science-glute-function",
    "science-activation",
    "science-squat-trial",
    "science-menu",
    "limitations",
    "common-mistakes",
    "caveats",
    "decision-checkpoints",
    "who-for",
    "terms",
)
# A derived section may cite the guide's preamble (tagline, intro) under this name, shown as:
PREAMBLE_SOURCE = "guide"
PREAMBLE_TITLE = "Opening lines"

QUICK_SECTION = "quick-answer"
MISTAKES_SECTION = "common-mistakes"
PROGRAM_SECTIONS: tuple[str, ...] = ("progress-it", "pair-it")
EXAMPLE_CASES: Mapping[str, str] = MappingProxyType(
    {
        "hypertrophy": "example-hypertrophy",
        "back-fatigue": "example-back-fatigue",
        "powerlifter": "example-powerlifter",
    }
)
SCIENCE_TOPICS: Mapping[str, str] = MappingProxyType(
    {
        "why": "why-the-answer",
        "glute-function": "science-glute-function",
        "activation": "science-activation",
        "squat-trial": "science-squat-trial",
        "menu": "science-menu",
        "limitations": "limitations",
    }
)

INDEX_FILE = "index.toml"
TITLE_MAX = limits.EMBED_TITLE  # a longer title could never be shown whole
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class GuideDataError(Exception):
    """The guide's data files are missing or inconsistent (an operator's problem, not a user's)."""


@dataclass(frozen=True)
class Source:
    """A guide passage a derived section rests on: the section it is in and a verbatim quote.

    ``claim`` is the label of the item of the derived section that rests on it ("" for the
    paragraphs before its list)."""

    section: str
    quote: str
    claim: str = ""


@dataclass(frozen=True)
class Section:
    """One section of the guide: a stable id, the guide's heading and a Markdown body."""

    id: str
    title: str
    group: str
    body: str
    derived: bool = False
    sources: tuple[Source, ...] = ()
    # What a reader is shown of ``sources``: per claim (an item's label, "" for the paragraphs
    # before the list), the titles of the guide sections its passages are in. Set by load_guide.
    citations: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Guide:
    """All sections in reading order, with lookup by id and a version of the whole text."""

    title: str
    sections: tuple[Section, ...]
    tagline: str = ""
    intro: str = ""
    by_id: Mapping[str, Section] = field(init=False, repr=False, compare=False)
    version: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", MappingProxyType({s.id: s for s in self.sections}))
        digest = hashlib.sha256()
        for part in (self.title, self.tagline, self.intro):
            digest.update(part.encode() + b"\0")
        for s in self.sections:
            digest.update(f"{s.id}\0{s.title}\0{s.body}\0{s.citations}\0".encode())
        object.__setattr__(self, "version", digest.hexdigest()[:12])

    def get(self, section_id: str) -> Section:
        """The section with this id (KeyError if the id is not in the guide)."""
        return self.by_id[section_id]

    def title_of(self, section_id: str) -> str:
        """The section's title, or its id when the guide no longer has it (a snippet pinned from an
        older guide)."""
        section = self.by_id.get(section_id)
        return section.title if section else section_id


def load_guide(directory: Path) -> Guide:
    """Read and validate ``index.toml`` and every ``<id>.md`` body in ``directory``.

    Raises GuideDataError naming the file and the problem. Synchronous: call it through
    ``asyncio.to_thread`` from async code.
    """
    index_path = directory / INDEX_FILE
    try:
        index = tomllib.loads(index_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GuideDataError(f"{index_path}: guide index not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise GuideDataError(f"{index_path}: not valid TOML ({exc})") from None

    meta = index.get("guide", {})
    title = _text(meta, "title", index_path, where="[guide]")
    entries = index.get("sections")
    if not isinstance(entries, list) or not entries:
        raise GuideDataError(f"{index_path}: no [[sections]] listed")

    sections = [_section(entry, n, directory, index_path) for n, entry in enumerate(entries, 1)]
    _check_ids(sections, index_path)
    _check_sources(sections, index_path)
    titles = {s.id: s.title for s in sections} | {PREAMBLE_SOURCE: PREAMBLE_TITLE}
    sections = [replace(s, citations=_citations(s, titles, index_path)) if s.derived else s for s in sections]
    return Guide(
        title=title,
        sections=tuple(sections),
        tagline=str(meta.get("tagline", "")).strip(),
        intro=str(meta.get("intro", "")).strip(),
    )


def _text(table: Mapping[str, Any], key: str, path: Path, *, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GuideDataError(f"{path}: {where} needs a non-empty text `{key}`")
    return value.strip()


def _section(entry: Any, n: int, directory: Path, index_path: Path) -> Section:
    if not isinstance(entry, dict):
        raise GuideDataError(f"{index_path}: section #{n} is not a table")
    section_id = _text(entry, "id", index_path, where=f"section #{n}")
    if not _ID_PATTERN.match(section_id) or section_id not in SECTION_IDS:
        raise GuideDataError(f"{index_path}: unknown section id {section_id!r} (known ids: {', '.join(SECTION_IDS)})")
    where = f"section {section_id!r}"
    title = _text(entry, "title", index_path, where=where)
    if len(title) > TITLE_MAX:
        raise GuideDataError(f"{index_path}: {where} title is longer than {TITLE_MAX} characters")
    group = _text(entry, "group", index_path, where=where)
    derived = entry.get("derived", False)
    if not isinstance(derived, bool):
        raise GuideDataError(f"{index_path}: {where} `derived` must be true or false")
    sources = tuple(_source(raw, index_path, where) for raw in entry.get("sources", []))
    if derived and not sources:
        raise GuideDataError(
            f"{index_path}: {where} is derived but lists no `sources` (the guide passages it rests on)"
        )
    body_path = directory / f"{section_id}.md"
    try:
        body = body_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise GuideDataError(f"{body_path}: body file of {where} not found") from None
    if not body:
        raise GuideDataError(f"{body_path}: body of {where} is empty")
    return Section(section_id, title, group, body, derived, sources)


def _source(raw: Any, index_path: Path, where: str) -> Source:
    if not isinstance(raw, dict):
        raise GuideDataError(f"{index_path}: {where} sources must be {{section, quote}} tables")
    claim = raw.get("claim", "")
    if not isinstance(claim, str):
        raise GuideDataError(f"{index_path}: {where} source `claim` must be text (an item's label)")
    return Source(
        section=_text(raw, "section", index_path, where=f"{where} source"),
        quote=_text(raw, "quote", index_path, where=f"{where} source"),
        claim=claim.strip(),
    )


def _check_ids(sections: list[Section], index_path: Path) -> None:
    seen: set[str] = set()
    for s in sections:
        if s.id in seen:
            raise GuideDataError(f"{index_path}: section id {s.id!r} is listed twice")
        seen.add(s.id)
    missing = [i for i in SECTION_IDS if i not in seen]
    if missing:
        raise GuideDataError(f"{index_path}: sections missing from the index: {', '.join(missing)}")


def _check_sources(sections: list[Section], index_path: Path) -> None:
    guide_ids = {s.id for s in sections if not s.derived}
    for s in sections:
        for src in s.sources:
            if src.section != PREAMBLE_SOURCE and src.section not in guide_ids:
                raise GuideDataError(
                    f"{index_path}: section {s.id!r} cites {src.section!r}, which is not a "
                    "guide section (derived sections rest on the guide's own text)"
                )


def _citations(
    section: Section, titles: Mapping[str, str], index_path: Path
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per claim of a derived section, the titles of the sections its sources are in.

    Every item of a derived section is a claim: it must carry a label and rest on at least one
    source, and every source must name a claim the body has, so a reader sees each claim's
    passages and no source is listed for nothing.
    """
    where = f"{index_path}: derived section {section.id!r}"
    item_labels = labels(section.body)
    if None in item_labels:
        raise GuideDataError(f"{where} has a list item without a \"Label: text\" label to cite it by")
    cited: dict[str, list[str]] = {}
    for src in section.sources:
        if src.claim and src.claim not in item_labels:
            raise GuideDataError(f"{where}: a source names the claim {src.claim!r}, which no item is labelled")
        names = cited.setdefault(src.claim, [])
        if titles[src.section] not in names:
            names.append(titles[src.section])
    if bare := [label for label in item_labels if label not in cited]:
        raise GuideDataError(f"{where}: no source for {', '.join(map(repr, bare))}")
    order = ["", *(label for label in item_labels if label is not None)]
    return tuple((claim, tuple(cited[claim])) for claim in order if claim in cited)
