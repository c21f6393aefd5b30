"""The guide's Markdown, parsed: paragraphs, and "- " lists whose items may carry a label.

Pure (no Discord): the guide loader checks derived sections' claims against the labels, and
:mod:`cogs.guide.render` turns the blocks into embeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Label: text" bullets (as the guide writes its four uses) name their field by the label.
_LABELLED = re.compile(r"^(?P<label>[^:.!?\n]{1,80}):\s+(?P<text>\S.*)$", re.S)


@dataclass(frozen=True)
class Item:
    """One Markdown list item; ``label`` is set for "Label: text" items."""

    label: str | None
    text: str


Block = str | tuple[Item, ...]  # a paragraph, or a list


def parse_body(body: str) -> list[Block]:
    """Split a Markdown body into paragraphs and lists (blocks separated by blank lines)."""
    blocks: list[Block] = []
    for raw in re.split(r"\n\s*\n", body.strip()):
        lines = [line.rstrip() for line in raw.strip().splitlines()]
        if not lines:
            continue
        # Lines before the first "- " item are a paragraph; the rest is a list.
        k = next((i for i, line in enumerate(lines) if _is_item(line)), len(lines))
        if k:
            blocks.append("\n".join(lines[:k]))
        if k < len(lines):
            blocks.append(tuple(_items(lines[k:])))
    return blocks


def _is_item(line: str) -> bool:
    return line.lstrip().startswith(("- ", "* "))


def _items(lines: list[str]) -> list[Item]:
    texts: list[str] = []
    for line in lines:
        if _is_item(line):
            texts.append(line.lstrip()[2:].strip())
        else:  # a wrapped continuation line of the previous item
            texts[-1] += " " + line.strip()
    items = []
    for text in texts:
        m = _LABELLED.match(text)
        items.append(Item(m["label"].strip(), m["text"].strip()) if m else Item(None, text))
    return items


def labels(body: str) -> list[str | None]:
    """The label of every list item in ``body``, in order (None for an item without one)."""
    return [item.label for block in parse_body(body) if isinstance(block, tuple) for item in block]
