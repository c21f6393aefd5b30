"""Recognising a file by its header: which app wrote it, its delimiter, where each column is.

Headers are read by name, never by position, so reordered or extra columns do no harm.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from bot.imports.cells import quoted
from bot.imports.model import SOURCE_NAMES, ImportFileError
from bot.logbook.export import ENTRY_COLUMNS, PROFILE_COLUMNS

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}


@dataclass(frozen=True)
class Spec:
    """A known layout: for each field we read, the header names it may have."""

    source: str
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]]

    def expected(self) -> str:
        return ", ".join(names[0] for names in self.required.values())


_WEIGHT_HEADERS = ("weight", "weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)")
SPECS = (
    Spec(
        "strong",
        {"date": ("date",), "exercise": ("exercise name",), "set_order": ("set order",),
         "weight": _WEIGHT_HEADERS, "reps": ("reps",)},
        {"unit": ("weight unit",), "rpe": ("rpe",), "note": ("notes",), "workout": ("workout name",)},
    ),
    Spec(
        "hevy",
        {"date": ("start_time",), "exercise": ("exercise_title",), "set_type": ("set_type",),
         "weight": ("weight_kg", "weight_lbs", "weight_lb"), "reps": ("reps",)},
        {"rpe": ("rpe",), "note": ("exercise_notes",), "workout": ("title",)},
    ),
    Spec(
        "hipthrust",
        {name: (name,) for name in ("date", "variant", "sets", "reps", "weight", "unit")},
        {name: (name,) for name in ("rpe", "note", "setup")},
    ),
)  # fmt: skip
assert set(SPECS[2].required) | set(SPECS[2].optional) <= set(ENTRY_COLUMNS)


@dataclass(frozen=True)
class Layout:
    """A recognised file: its source, delimiter, column index of each field, and header width."""

    spec: Spec
    delimiter: str
    columns: dict[str, int]
    width: int
    weight_header: str

    @property
    def source(self) -> str:
        return self.spec.source

    def header_unit(self) -> str | None:
        """kg or lb when the weight column's name says so: `Weight (kg)`, `weight_lbs`."""
        name = self.weight_header
        if name.endswith(("(kg)", "(kgs)", "_kg")):
            return "kg"
        if name.endswith(("(lbs)", "(lb)", "_lbs", "_lb")):
            return "lb"
        return None

    def describe(self) -> str:
        return f"{SOURCE_NAMES[self.source]} ({_DELIMITER_NAMES[self.delimiter]})"


def normal(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().lower().split())


def _match(spec: Spec, cells: list[str], delimiter: str) -> Layout | None:
    names = [normal(c) for c in cells]
    columns: dict[str, int] = {}
    weight_header = ""
    for fields, required in ((spec.required, True), (spec.optional, False)):
        for field, accepted in fields.items():
            index = next((i for i, name in enumerate(names) if name in accepted), None)
            if index is None:
                if required:
                    return None
                continue
            columns[field] = index
            if field == "weight":
                weight_header = names[index]
    return Layout(spec, delimiter, columns, len(cells), weight_header)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def detect(first_line: str, source: str) -> Layout:
    """The layout of a file whose first line is `first_line`; `source` is auto or one of SPECS."""
    specs = [s for s in SPECS if source in ("auto", s.source)]
    for delimiter in DELIMITERS:
        cells = _split(first_line, delimiter)
        for spec in specs:
            layout = _match(spec, cells, delimiter)
            if layout is not None:
                return layout
    if [normal(c) for c in _split(first_line, ",")] == list(PROFILE_COLUMNS):
        raise ImportFileError(
            "This is the profile.csv of /export: import its entries.csv instead (set your settings with /settings)."
        )
    shown = max((_split(first_line, d) for d in DELIMITERS), key=len)
    found = ", ".join(quoted(c, 30) for c in shown[:12] if c.strip()) or "nothing"
    if source != "auto":
        spec = specs[0]
        raise ImportFileError(
            f"This does not look like a file from {SOURCE_NAMES[source]}: its first line needs the columns "
            f"{spec.expected()}; it has {found}. Try source: auto."
        )
    expected = "; ".join(f"{SOURCE_NAMES[s.source]}: {s.expected()}" for s in SPECS)
    raise ImportFileError(
        f"This file's layout is not one I know. Its first line should name the columns of a Strong, Hevy "
        f"or /export CSV ({expected}); it has {found}."
    )
