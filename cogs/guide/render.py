"""Render guide sections to Discord embeds that always fit Discord's limits.

Text goes in the description, Markdown lists become fields, the footer names the section.
Long text is split at paragraph, then sentence boundaries; a word boundary is used only for a
single sentence longer than a whole field or description, which real guide text never has.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import discord

from bot.guide.markdown import parse_body
from bot.guide.model import Section
from bot.interactions import limits

DEFAULT_GUIDE_TITLE = "Hip thrust guide"
GUIDE_COLOUR = discord.Colour(0x3B7A57)
DERIVED_NOTE = "compiled from the guide's other sections"
CITED = "From the guide:"  # a derived section's claims name the guide sections they rest on
CONTINUED = " (continued)"

# The space after a sentence's end (with the quote or bracket closing it, which stays with it).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(\s+)(?=[\"'“‘(*\[]?[A-Z0-9])")


def _sentences(text: str) -> list[str]:
    """The text cut at the spaces between sentences; nothing but those spaces is dropped."""
    pieces, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        pieces.append(text[start : end.start(1)])
        start = end.end(1)
    return [*pieces, text[start:]]


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most ``limit`` characters, cut between paragraphs, else between sentences."""
    return _split(text.strip(), limit, level=0)


def _split(text: str, limit: int, level: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    splitters = (
        (lambda t: re.split(r"\n\s*\n", t), "\n\n"),
        (_sentences, " "),
        (lambda t: t.split(), " "),  # last resort: one sentence longer than the whole limit
    )
    if level >= len(splitters):
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    cut, sep = splitters[level]
    chunks: list[str] = []
    current = ""
    for piece in (p.strip() for p in cut(text)):
        if not piece:
            continue
        for part in _split(piece, limit, level + 1) if len(piece) > limit else [piece]:
            if current and len(current) + len(sep) + len(part) <= limit:
                current += sep + part
            else:
                if current:
                    chunks.append(current)
                current = part
    if current:
        chunks.append(current)
    return chunks


def _clip(text: str, limit: int) -> str:
    """Shorten a one-line label (title, field name, footer) at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


@dataclass
class _Page:
    description: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)

    def size(self) -> int:
        text = "\n\n".join(self.description)
        return len(text) + sum(len(n) + len(v) for n, v in self.fields)


def cite_line(titles: Sequence[str]) -> str:
    """The line under a claim of a derived section naming the guide sections it rests on."""
    return f"*{CITED} {'; '.join(titles)}*"


def _units(section: Section) -> list[tuple[str, str] | str]:
    """Description chunks (str) and fields ((name, value)), each within its own limit.

    A derived section's claims carry the titles of the guide sections they rest on: each item
    on its last line, the paragraphs before the list in a line of their own after them.
    """
    units: list[tuple[str, str] | str] = []
    cited = dict(section.citations)
    lead = cited.pop("", None)
    for block in parse_body(section.body):
        if isinstance(block, str):
            units.extend(split_text(block, limits.EMBED_DESCRIPTION))
            continue
        if lead:
            units.append(cite_line(lead))
            lead = None
        for n, item in enumerate(block, 1):
            name = _clip(item.label or f"{n}.", limits.FIELD_NAME - len(CONTINUED))
            note = "\n" + cite_line(cited[item.label]) if item.label in cited else ""
            chunks = split_text(item.text, limits.FIELD_VALUE - len(note))
            chunks[-1] += note
            units.extend((name if k == 0 else name + CONTINUED, chunk) for k, chunk in enumerate(chunks))
    if lead:
        units.append(cite_line(lead))
    return units


def footer_text(section: Section, guide_title: str = DEFAULT_GUIDE_TITLE) -> str:
    """The footer naming the section (and saying so when it is derived)."""
    text = f"{guide_title} · {section.title}"
    if section.derived:
        text += f" · {DERIVED_NOTE}"
    return _clip(text, limits.FOOTER_TEXT)


def render_section(section: Section, *, guide_title: str = DEFAULT_GUIDE_TITLE) -> list[discord.Embed]:
    """The section as embeds, each within Discord's per-embed limits.

    The first embed carries the title, the last the footer. A normal section is one embed;
    use :func:`paginate` when the result may exceed one message.
    """
    title = _clip(section.title, limits.EMBED_TITLE)
    footer = footer_text(section, guide_title)
    # Every page keeps room for a title and a footer so any page may carry either.
    budget = limits.EMBED_CHARS_PER_MESSAGE - len(title) - len(footer)
    pages = [_Page()]
    for unit in _units(section):
        page = pages[-1]
        if isinstance(unit, str):
            # A page with fields takes no more text: text after a list starts a new embed.
            joined = len("\n\n".join([*page.description, unit]))
            fits = joined <= min(limits.EMBED_DESCRIPTION, budget)
            if page.fields or not fits:
                pages.append(_Page(description=[unit]))
            else:
                page.description.append(unit)
        else:
            if len(page.fields) >= limits.FIELDS_PER_EMBED or page.size() + sum(map(len, unit)) > budget:
                pages.append(_Page(fields=[unit]))
            else:
                page.fields.append(unit)
    embeds = []
    for n, page in enumerate(pages):
        embed = discord.Embed(
            title=title if n == 0 else None,
            description="\n\n".join(page.description) or None,
            colour=GUIDE_COLOUR,
        )
        for name, value in page.fields:
            embed.add_field(name=name, value=value, inline=False)
        embeds.append(embed)
    embeds[-1].set_footer(text=footer)
    return embeds


def paginate(embeds: Iterable[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages within Discord's embed count and character total, in order."""
    messages: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        current = messages[-1]
        if current and (
            len(current) >= limits.EMBEDS_PER_MESSAGE
            or sum(map(len, current)) + len(embed) > limits.EMBED_CHARS_PER_MESSAGE
        ):
            messages.append([embed])
        else:
            current.append(embed)
    return [m for m in messages if m]


def render_sections(
    sections: Sequence[Section], *, guide_title: str = DEFAULT_GUIDE_TITLE
) -> list[list[discord.Embed]]:
    """Several sections as messages; a section is never split across messages if it fits one."""
    messages: list[list[discord.Embed]] = []
    for section in sections:
        embeds = render_section(section, guide_title=guide_title)
        if messages and _fits(messages[-1] + embeds):
            messages[-1].extend(embeds)
        else:
            messages.extend(paginate(embeds))
    return messages


def _fits(embeds: Sequence[discord.Embed]) -> bool:
    return len(embeds) <= limits.EMBEDS_PER_MESSAGE and sum(map(len, embeds)) <= limits.EMBED_CHARS_PER_MESSAGE


def rendered_text(embeds: Iterable[discord.Embed]) -> str:
    """Every piece of text a user sees in these embeds, in order (for hashing and tests)."""
    parts: list[str] = []
    for e in embeds:
        parts += [e.title or "", e.description or ""]
        for f in e.fields:
            parts += [f.name or "", f.value or ""]
        parts.append(e.footer.text or "")
    return "\n".join(parts)


def content_version(section: Section, *, guide_title: str = DEFAULT_GUIDE_TITLE) -> str:
    """A short hash of the section's rendered text; changes whenever what users see changes."""
    text = rendered_text(render_section(section, guide_title=guide_title))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
