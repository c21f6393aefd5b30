"""The words of the nudges about what a session is compared with: the start, a new baseline (a
new variant or setup), a setup chosen or gone back to. The constraints in `words` hold here."""

from __future__ import annotations

from datetime import date

from bot.nudges.words import Nudge


def _same_setup(variant: str | None) -> str:
    """What a session repeats of its setup: a bridge is done from the floor, with no bench."""
    return "foot position" if variant == "bridge" else "bench height, foot position"


def start(variant: str | None) -> tuple[Nudge, Nudge]:
    """No history yet: the guide's default prescription, then how to begin."""
    lead = f"No {variant} sessions logged yet." if variant else "No sessions logged yet."
    return (
        Nudge("start", f"{lead} The guide's practical default is 2 to 5 sets of about 6 to 15 "
              "reps at roughly RPE 7-9, adjusted to the rest of the lower-body plan.",
              "progress-it"),
        Nudge("start-setup", "Start with a load you can finish for every planned set with the "
              f"same {_same_setup(variant)}, range and top position, and log it. That first "
              "session is the baseline later ones are compared with.", "setup-repeatable"),
    )


def baseline(variant: str) -> Nudge:
    """First session for this variant and setup (a bridge is done from the floor: no bench)."""
    return Nudge("baseline", f"This is your baseline for {variant} hip thrusts on this setup. "
                 f"Repeat it next time with the same {_same_setup(variant)}, range and top "
                 "position, so the sessions can be compared.", "setup-repeatable")


def variant_changed(variant: str) -> Nudge:
    """First session of this variant after logging other variants."""
    return Nudge("variant-changed", f"First {variant} session: a new baseline, not a "
                 "continuation of your other variants. Compare it only with later "
                 f"{variant} sessions on the same setup, like with like.", "setup-repeatable")


def setup_changed(variant: str) -> Nudge:
    """The setup differs from the previous session of this variant, and no session read was on it."""
    return Nudge("setup-changed", f"Your setup changed since the last {variant} session, and none of "
                 f"your recent {variant} sessions were on this one, so this is a new baseline rather than "
                 "a step up or down. Compare like with like: only sessions on the same setup and range.",
                 "setup-repeatable")


def new_setup(variant: str, *, no_setup: bool = False, latest_without: bool = False) -> Nudge:
    """Before the first session on the setup chosen with /setup (`no_setup`: none, `/setup none`), which
    none of the recent sessions were on: a new baseline, the target the latest session's (`latest_without`:
    logged without a setup)."""
    if no_setup:
        first = (f"All your recent {variant} sessions were on a setup, and you chose none with /setup, so your "
                 "first session without one")
        latest, later = "", "later sessions without a setup"
    else:
        first = (f"None of your recent {variant} sessions were on the setup you chose with /setup, so your first "
                 "session on it")
        latest = ", logged without a setup" if latest_without else ", on another setup"
        later = "later sessions on this setup"
    return Nudge("new-setup", f"{first} is a new baseline rather than a step up or down, and this bot's target for "
                 f"it repeats your latest session{latest}. Use a load you can finish for every planned set, and log "
                 f"it: {later}, with the same {_same_setup(variant)}, range and top position, are compared with "
                 "that one, like with like.", "setup-repeatable")


def setup_again(variant: str, last_on: date) -> Nudge:
    """Back on a setup after sessions on another: compared with this setup's own sessions."""
    return Nudge("setup-again", f"Back on this setup: this session was compared with your earlier {variant} "
                 f"sessions on it, the last on {last_on.isoformat()}. Those on another setup in between are "
                 "left out, like with like.", "setup-repeatable")

