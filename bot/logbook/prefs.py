"""/settings' options, each checked as the lifter gives it, and applied to their preferences. Pure."""

from __future__ import annotations

from dataclasses import replace

from bot.errors import ValidationError
from bot.logbook.checks import check_choice, check_count, finite_number, number_range
from bot.logbook.entries import REP_RANGE, Preferences
from bot.logbook.units import (
    DEFAULT_INCREMENT,
    MAX_INCREMENT,
    MIN_INCREMENT,
    UNITS,
    format_number,
    format_weight,
    to_kg,
)
from bot.logbook.zones import known_zone, zone_label, zone_suggestions

ZONE_HINT = "an IANA time zone name such as Europe/Berlin, America/New_York or UTC"
SUGGESTED_ZONES = 3  # a refused time zone offers the autocomplete's best few


def check_timezone(value: object) -> str:
    """An IANA zone name in any case or spacing ("europe/paris"), as IANA writes it. Refused, it
    offers the zones the autocomplete would ("paris": Did you mean Europe/Paris?): Discord sends
    what was typed when no choice was picked."""
    if not isinstance(value, str) or len(value) > 64:
        raise ValidationError("timezone", ZONE_HINT, value)
    name = known_zone(value)
    if name is not None:
        return name
    near = zone_suggestions(value)[:SUGGESTED_ZONES] if value.strip() else []  # nothing typed: no city to match
    near = [zone_label(zone) for zone in near]  # an Etc/GMT zone with its offset, which its name inverts
    if not near:
        raise ValidationError("timezone", ZONE_HINT, value)
    offered = near[0] if len(near) == 1 else f"{', '.join(near[:-1])} or {near[-1]}"
    raise ValidationError("timezone", "an IANA time zone name", value, suggestion=offered)


def check_increment(value: object, unit: str) -> float:
    """The increment in kg, given in `unit` to the hundredth: the nudges use it to the hundredth
    (`Preferences.increment`), and 1.234567 was stored, then shown and used as 1.23."""
    top = MAX_INCREMENT[unit]
    increment = finite_number(value)
    allowed = f"{number_range(MIN_INCREMENT, top, unit)} in steps of {format_number(MIN_INCREMENT)}"
    if increment is None or not MIN_INCREMENT <= increment <= top or round(increment, 2) != increment:
        raise ValidationError("increment", allowed, value)
    return to_kg(increment, unit)


def check_rep_range(low: object, high: object, prefs: Preferences) -> tuple[int, int]:
    rep_low = prefs.rep_low if low is None else check_count("rep_low", low, REP_RANGE)
    rep_high = prefs.rep_high if high is None else check_count("rep_high", high, REP_RANGE)
    if rep_low > rep_high:
        # Name the option given now: /settings rep_high:5 after rep_low:12 is a rep_high too low
        # for the range's stored bottom, not a rep_low the lifter did not touch.
        if low is None:
            raise ValidationError("rep_high", f"at least your rep_low setting ({rep_low})", rep_high)
        other = "rep_high" if high is not None else "your rep_high setting"
        raise ValidationError("rep_low", f"at most {other} ({rep_high})", rep_low)
    return rep_low, rep_high


def changed_preferences(
    prefs: Preferences,
    *,
    unit: object = None,
    rep_low: object = None,
    rep_high: object = None,
    increment: object = None,
    timezone: object = None,
    share_logs: object = None,
) -> Preferences:
    """/settings' options (None: not given), each checked, applied to `prefs`.

    An increment the lifter set is a step of their old unit's plates: after a change of unit
    without a new increment, 5 lb would read 2.27 kg, a step no kg plates make, and every target
    would sit on that grid. It goes back to the new unit's default (`settings_note` says so).
    """
    changes: dict[str, object] = {}
    if unit is not None:
        changes["unit"] = check_choice("unit", unit, UNITS)
    new_unit = str(changes.get("unit", prefs.unit))
    if rep_low is not None or rep_high is not None:
        changes["rep_low"], changes["rep_high"] = check_rep_range(rep_low, rep_high, prefs)
    if increment is not None:
        changes["increment_kg"] = check_increment(increment, new_unit)
    elif new_unit != prefs.unit:
        changes["increment_kg"] = None
    if timezone is not None:
        changes["timezone"] = check_timezone(timezone)
    if share_logs is not None:
        if not isinstance(share_logs, bool):
            raise ValidationError("share_logs", "true or false", share_logs)
        changes["share_logs"] = share_logs
    return replace(prefs, **changes)  # type: ignore[arg-type]


def settings_note(before: Preferences, after: Preferences) -> str | None:
    """What /settings tells the lifter beside "Saved." when the change did more, or less, than
    the settings list shows: an increment they set that a new unit put back to its default, or
    an increment they gave that was already in use as the default (from now on it is theirs)."""
    if before.unit != after.unit and before.increment_kg is not None and after.increment_kg is None:
        default = format_weight(DEFAULT_INCREMENT[after.unit], after.unit)
        return (
            f"Your increment is now the {after.unit} default, {default}:"
            f" the {format_weight(before.increment, before.unit)} you set is a step of {before.unit} plates."
            " Set `increment:` to choose another."
        )
    set_at_default = before.increment_kg is None and after.increment_kg is not None
    if set_at_default and (before.unit, before.increment) == (after.unit, after.increment):
        return (
            f"Your increment was already {format_weight(after.increment, after.unit)}, the {after.unit}"
            " default: it is now your own setting."
        )
    return None
