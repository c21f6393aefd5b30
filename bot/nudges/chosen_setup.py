"""Which sessions the advice for the next session reads when the lifter chose, with /setup, another
setup than the latest session's (/nudge and reminders: `advise(..., chosen_setup=True)`): that
setup's own, up to its last session, like with like. Pure."""

from __future__ import annotations

from bot.logbook.sessions import Session, by_setup


def off_setup(sessions: list[Session], variant: str, setup_id: int | None) -> list[Session]:
    """The sessions of `variant` in `sessions` (as `group_sessions` orders them), split by setup
    (`by_setup`), when the latest is on another setup than `setup_id`; empty when it is on that one,
    or there is none."""
    mine = [s for s in sessions if s.variant == variant]
    if not mine or (mine[-1].one_setup and mine[-1].setup_id == setup_id):
        return []  # nearly always: the lifter logs on the setup they chose (no by_setup split needed)
    mine = by_setup(mine)
    return [] if mine[-1].setup_id == setup_id else mine


def through_setup(sessions: list[Session], mine: list[Session], setup_id: int | None) -> list[Session] | None:
    """`sessions` with those of `mine` (one variant's, `off_setup`) after its last one on `setup_id`
    left out; None when none is."""
    last = next((i for i in range(len(mine) - 1, -1, -1) if mine[i].setup_id == setup_id), None)
    if last is None:
        return None
    variant = mine[-1].variant
    return [*(s for s in sessions if s.variant != variant), *mine[:last + 1]]
