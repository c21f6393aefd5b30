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
from functools import cache

from bot.guide.model import Guide, Section

PAIN_SECTION = "who-for"
# The sections of this group say what the evidence can and cannot show; the others (practice,
# examples, the overview's checkpoints and terms) tell a lifter how to train, which is no answer
# to an injury question.
EVIDENCE_GROUP = "science"
# The guide's own words for what it gives no advice on; an evidence section speaking of them is offered.
GUIDE_WORDS = frozenset({"pain", "injury", "rehab"})

# Whole words (any case) that make a message a pain, injury or rehab question. "Sore" and
# "soreness" are not among them, nor "ache" and "achy" (said of muscles the day after as "sore"
# is): the guide uses soreness as a training signal (progress-it). Nor "doctor" or "therapy",
# said as often of being cleared to train ("doctor said I can train again").
# fmt: off
_WORDS = frozenset(
    {
        "pain", "pains", "painful", "hurt", "hurts", "hurting",
        "rehab", "rehabs", "rehabbing", "rehabilitation", "physio", "physiotherapy", "physiotherapist",
        "therapist", "surgery", "sciatica", "sprain", "sprained", "numb", "numbness", "tingling",
        "swollen", "swelling", "inflamed", "inflammation", "hernia", "herniated", "tendonitis",
        "tendinitis", "tendinopathy", "fracture", "fractured", "fractures", "rupture", "ruptured",
        "dislocated", "dislocation", "bursitis",
    }
)
# Words that are an injury only of a body part ("I tweaked my back", "a torn hamstring", "a bulging
# disc", "a pinched nerve"), and ordinary training words otherwise ("I tweaked my foot position",
# "torn between hip thrusts and RDLs", "slipped off the pad").
_OF_A_BODY_PART = frozenset({"tweaked", "torn", "tore", "tear", "strain", "strained", "pulled", "bulging",
                             "slipped", "pinched"})
# Injury nouns said after the body part: "a hamstring tear", "labral tear", "glute strain", "disc bulge".
_AFTER_A_BODY_PART = frozenset({"tear", "tears", "strain", "strains", "bulge", "bulges"})
_BODY_PARTS = frozenset(
    {
        "back", "neck", "spine", "disc", "disk", "hip", "hips", "glute", "glutes", "hamstring", "hamstrings",
        "hammy", "quad", "quads", "groin", "adductor", "adductors", "knee", "knees", "ankle", "ankles", "foot",
        "feet", "calf", "calves", "shoulder", "shoulders", "wrist", "wrists", "elbow", "elbows", "pelvis",
        "si", "acl", "mcl", "meniscus", "muscle", "muscles", "tendon", "tendons", "ligament", "ligaments",
        "joint", "joints", "labrum", "labral", "nerve", "nerves", "achilles", "lumbar", "tailbone",
    }
)
# Between the word and the body part: "tweaked my lower back", "torn left hamstring".
_BEFORE_A_BODY_PART = frozenset({"my", "a", "the", "his", "her", "their", "your", "left", "right", "lower",
                                 "upper", "both", "in", "of", "up"})
# After it, a setup word makes the body part a cue, not an injury: "tweaked my foot position".
_SETUP_WORDS = frozenset({"position", "positions", "placement", "stance", "angle", "width", "setup", "drive",
                          "pad", "path", "cue", "cues"})
# fmt: on
_PREFIXES = ("injur", "rehab", "physio")  # injury, injured, injuries; rehabbed; physios
_WORD = re.compile(r"[a-z]+")


def asks_about_pain(text: str) -> bool:
    """Whether the text speaks of pain, an injury or rehab."""
    words = _WORD.findall(text.casefold())
    return any(word in _WORDS or word.startswith(_PREFIXES) or (word in _OF_A_BODY_PART and _body_part_after(words, i))
               or (word in _AFTER_A_BODY_PART and i > 0 and words[i - 1] in _BODY_PARTS)
               for i, word in enumerate(words))


def _body_part_after(words: list[str], at: int) -> bool:
    """Whether a body part follows words[at] (a few small words between), not as part of a setup."""
    i = at + 1
    while i < len(words) and words[i] in _BEFORE_A_BODY_PART:
        i += 1
    if i >= len(words) or words[i] not in _BODY_PARTS:
        return False
    return i + 1 >= len(words) or words[i + 1] not in _SETUP_WORDS


@cache
def _speaks_of_pain(section: Section) -> bool:
    """Whether the section's text has a word of pain, injury or rehab (once a section: the
    autocomplete asks on every keystroke)."""
    return bool(GUIDE_WORDS & set(_WORD.findall(section.body.casefold())))


def pain_sections(guide: Guide, limit: int) -> list[Section]:
    """What may answer a pain, injury or rehab question: "Who this is for / not for" first, then,
    in reading order, the science notes and caveats whose text speaks of pain, injury or rehab
    (the guide's limits on its evidence)."""
    first = guide.by_id.get(PAIN_SECTION)
    found = [
        s
        for s in guide.sections
        if s is not first and s.group == EVIDENCE_GROUP and _speaks_of_pain(s)
    ]
    return ([first, *found] if first is not None else found)[:limit]
