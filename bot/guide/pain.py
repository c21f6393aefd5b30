"""Pain, injury and rehab questions: which sections may answer them. Pure.

The guide gives no advice on pain, injury or rehab: it says the evidence does not make hip
thrusts a substitute for rehab work, and that activation data alone cannot prove pain or injury
outcomes. So a message or a search that speaks of them is never answered with a training section
(a "Back-fatigue workaround" posted under "my back hurts" reads as advice to thrust through it):
"Who this is for / not for" comes first, then only the science notes and caveats that speak of
those limits, and the cogs add the fit quiz's referral note (`Content.referral_note`).
"""

from __future__ import annotations

import re

from bot.guide.model import Guide, Section

PAIN_SECTION = "who-for"
# The sections of this group say what the evidence can and cannot show; the others (practice,
# examples, the overview's checkpoints and terms) tell a lifter how to train, which is no answer
# to an injury question.
EVIDENCE_GROUP = "science"
# The guide's own words for what it gives no advice on; an evidence section speaking of them is offered.
GUIDE_WORDS = frozenset({"pain", "injury", "rehab"})

# Whole words (any case) that make a message a pain, injury or rehab question. "Sore" and
# "soreness" are not among them: the guide uses soreness as a training signal (progress-it).
# fmt: off
_WORDS = frozenset(
    {
        "pain", "pains", "painful", "hurt", "hurts", "hurting", "ache", "aches", "aching", "achy",
        "rehab", "rehabs", "rehabbing", "rehabilitation", "physio", "physiotherapy", "physiotherapist",
        "therapy", "therapist", "doctor", "surgery", "sciatica", "torn", "strained", "sprain",
        "sprained", "tweaked", "numb", "numbness", "tingling", "swollen", "swelling", "inflamed",
        "inflammation", "hernia", "herniated", "tendonitis", "tendinitis", "tendinopathy",
    }
)
# fmt: on
_PREFIXES = ("injur", "rehab", "physio")  # injury, injured, injuries; rehabbed; physios
_WORD = re.compile(r"[a-z]+")


def asks_about_pain(text: str) -> bool:
    """Whether the text speaks of pain, an injury or rehab."""
    return any(word in _WORDS or word.startswith(_PREFIXES) for word in _WORD.findall(text.casefold()))


def pain_sections(guide: Guide, limit: int) -> list[Section]:
    """What may answer a pain, injury or rehab question: "Who this is for / not for" first, then,
    in reading order, the science notes and caveats whose text speaks of pain, injury or rehab
    (the guide's limits on its evidence)."""
    first = guide.by_id.get(PAIN_SECTION)
    found = [
        s
        for s in guide.sections
        if s is not first and s.group == EVIDENCE_GROUP and GUIDE_WORDS & set(_WORD.findall(s.body.casefold()))
    ]
    return ([first, *found] if first is not None else found)[:limit]
