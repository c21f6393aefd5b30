"""Weights: kg and lb, conversion and display."""

from __future__ import annotations

from typing import Literal, get_args

# The one list of units: command options are annotated with `Unit`, code checks against `UNITS`.
Unit = Literal["kg", "lb"]
UNITS: tuple[Unit, ...] = get_args(Unit)
KG_PER_LB = 0.45359237  # exact, by definition
MAX_WEIGHT: dict[str, float] = {"kg": 1000.0, "lb": 2200.0}
DEFAULT_INCREMENT: dict[str, float] = {"kg": 2.5, "lb": 5.0}
MAX_INCREMENT: dict[str, float] = {"kg": 20.0, "lb": 44.0}


def to_kg(weight: float, unit: str) -> float:
    return weight if unit == "kg" else weight * KG_PER_LB


def from_kg(weight_kg: float, unit: str) -> float:
    return weight_kg if unit == "kg" else weight_kg / KG_PER_LB


def format_number(value: float) -> str:
    """100.0 → "100", 102.5 → "102.5", 45.359 → "45.36"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def format_weight(weight: float, unit: str) -> str:
    """A load as the lifter entered it; 0 is bodyweight."""
    return "bodyweight" if weight == 0 else f"{format_number(weight)} {unit}"
