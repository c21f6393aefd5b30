"""Where a stored fit quiz verdict was taken: each member keeps their latest one per place."""

from __future__ import annotations

from enum import StrEnum


class TakenIn(StrEnum):
    """The kind of place a verdict was taken in (`quiz_results.taken_in`). Only a server the bot
    is in keeps its id: the others cannot be told apart, one from another of the same kind."""

    SERVER = "server"  # a server the bot is in: with its id, counted by /quizstats
    DM = "dm"
    LEFT = "left"  # a server the bot was removed from since: the removal took its id off
    WITHOUT_BOT = "without_bot"  # a server holding the app's commands without the bot: no id kept
    NO_SERVER = "no_server"  # stored before the place was: DMs, or a server the bot left or was not in
