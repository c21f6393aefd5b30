"""The checker for nudge texts: no number in the guide's mouth, the bot's thresholds as its own."""

from __future__ import annotations

import re

from bot.nudges.words import GUIDE_NUMBER_PHRASES

# The bot's own thresholds, however they are written.
_BOT_NUMBER = re.compile(r"%|\bRPE (?:8|10)\b|\bincrement\b")


def sentences(text: str) -> list[str]:
    """Split prose into sentences ("102.5" does not end one)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) if s]


def problems(text: str) -> list[str]:
    """What is wrong with a nudge text; empty when it keeps the rules of attribution."""
    found = []
    for sentence in sentences(text):
        if "guide" in sentence.lower():
            rest = sentence
            for phrase in GUIDE_NUMBER_PHRASES:
                rest = rest.replace(phrase, "")
            if re.search(r"\d", rest):
                found.append(f"number next to the guide: {sentence!r}")
        if _BOT_NUMBER.search(sentence) and "this bot" not in sentence:
            found.append(f"bot threshold not framed as this bot's default: {sentence!r}")
    if len(sentences(text)) > 2:
        found.append(f"more than two sentences: {text!r}")
    return found
