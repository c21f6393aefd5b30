"""Which exercises are hip thrusts, and which of our variants each one is.

An exercise counts when its name contains "hip thrust" or "glute bridge" (any case; hyphens,
underscores and "hipthrust" written as one word count too). The first rule that matches wins:

| the name mentions                                  | variant    | for example                               |
|----------------------------------------------------|------------|-------------------------------------------|
| single leg, single-leg, one leg, 1 leg, unilateral | single-leg | Single Leg Hip Thrust                     |
| band                                               | banded     | Hip Thrust (Band), Banded Glute Bridge    |
| smith                                              | smith      | Hip Thrust (Smith Machine)                |
| machine                                            | machine    | Hip Thrust (Machine)                      |
| glute bridge                                       | bridge     | Glute Bridge, Glute Bridge (Barbell)      |
| anything else                                      | barbell    | Hip Thrust (Barbell), Hip Thrust (Dumbbell) |

We have no dumbbell or bodyweight variant: those go to barbell, the default, like an unqualified
/log; a bodyweight set has weight 0 there.
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("single-leg", re.compile(r"\b(single leg|one leg|1 leg|unilateral)\b")),
    ("banded", re.compile(r"\bband")),
    ("smith", re.compile(r"\bsmith\b")),
    ("machine", re.compile(r"\bmachine\b")),
    ("bridge", re.compile(r"\bglute bridge")),
)


def _normal(name: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", name.lower()).replace("hipthrust", "hip thrust").split())


def is_hip_thrust(name: str) -> bool:
    text = _normal(name)
    return "hip thrust" in text or "glute bridge" in text


def variant_for(name: str) -> str | None:
    """Our variant for an exercise name, or None when it is not a hip thrust or glute bridge."""
    if not is_hip_thrust(name):
        return None
    text = _normal(name)
    for variant, pattern in _RULES:
        if pattern.search(text):
            return variant
    return "barbell"
