"""What a server chose in `/config set`, and the rules that follow from it.

Pure: no Discord, no storage. A server that never ran `/config set` has the defaults, which are
the bot's behaviour before settings existed: guide answers public everywhere, no moderator log,
replies that ping nobody.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from bot.errors import UserError

# A select menu or an autocomplete shows at most 25; a longer list would not be read anyway.
MAX_ANSWER_CHANNELS = 25


@dataclass(frozen=True)
class GuildConfig:
    """One server's settings. `answer_channels` empty means public answers are allowed anywhere.

    A deleted answer channel leaves the list, except the last one: it stays, so the restriction the
    moderator chose stands (no channel is left for public answers: every answer is private) until
    `/config set` names another channel or allows every channel again."""

    guild_id: int
    public_answers: bool = True
    answer_channels: tuple[int, ...] = ()
    log_channel_id: int | None = None
    ping_authors: bool = False
    # Why Discord refused the last post to the moderator log; None once one works (or before any).
    log_problem: str | None = None

    def allows_public(self, channel_id: int, parent_id: int | None = None) -> bool:
        """Public guide answers may be posted here (a thread counts as the channel it is in)."""
        if not self.answer_channels:
            return True
        return channel_id in self.answer_channels or (parent_id is not None and parent_id in self.answer_channels)

    def answer_channels_left(self, gone: Collection[int]) -> tuple[int, ...]:
        """The answer channels less those in `gone` (deleted ones): where public answers can be had."""
        return tuple(c for c in self.answer_channels if c not in gone)


@dataclass(frozen=True)
class Visibility:
    """How a guide answer is shown. `restricted`: private because this channel is not one of the
    server's answer channels; `instead_in` names those still there (the private answer then points
    there; empty once the last one was deleted)."""

    public: bool
    instead_in: tuple[int, ...] = ()
    restricted: bool = False


def guide_visibility(
    config: GuildConfig,
    *,
    private: bool | None,
    channel_id: int | None,
    parent_id: int | None = None,
    gone: Collection[int] = (),
) -> Visibility:
    """Public or private, for a guide answer asked for here.

    `private` is what the member chose (None: they left it to the server's default). Asking for
    a public answer where the server does not allow one gets a private copy and a pointer to the
    answer channels, less those in `gone` (deleted ones: a deleted last one still holds the
    restriction, but is no place to point to).
    """
    if private or channel_id is None:
        return Visibility(public=False)
    if private is None and not config.public_answers:
        return Visibility(public=False)
    if not config.allows_public(channel_id, parent_id):
        return Visibility(public=False, instead_in=config.answer_channels_left(gone), restricted=True)
    return Visibility(public=True)


@dataclass(frozen=True)
class ConfigChange:
    """The options of one `/config set`; None means "leave as it is"."""

    public_answers: bool | None = None
    add_answer_channel: int | None = None
    remove_answer_channel: int | None = None
    answer_anywhere: bool | None = None
    log_channel_id: int | None = None
    log_off: bool | None = None
    ping_authors: bool | None = None

    @property
    def empty(self) -> bool:
        """No option given: `/config set` then just shows the settings."""
        return all(value is None for value in vars(self).values())


def apply_change(config: GuildConfig, change: ConfigChange, gone: Collection[int] = ()) -> GuildConfig:
    """The settings after `change`; a `UserError` for options that contradict each other.

    `gone`: listed answer channels that were deleted. Adding a channel takes them off the list
    (the last one was kept only to hold the restriction until a channel is named)."""
    add, remove = change.add_answer_channel, change.remove_answer_channel
    if add is not None and add == remove:
        raise UserError("`add_answer_channel` and `remove_answer_channel` name the same channel. Nothing was changed.")
    if change.answer_anywhere and add is not None:
        raise UserError(
            "`answer_anywhere` clears the list of answer channels, so it cannot go with "
            "`add_answer_channel`. Nothing was changed."
        )
    if change.log_off and change.log_channel_id is not None:
        raise UserError("`log_off` and `log_channel` contradict each other. Nothing was changed.")
    channels = [] if change.answer_anywhere else [c for c in config.answer_channels if c != remove]
    if add is not None:
        channels = [c for c in channels if c not in gone]
    if add is not None and add not in channels:
        if len(channels) >= MAX_ANSWER_CHANNELS:
            raise UserError(
                f"A server can list at most {MAX_ANSWER_CHANNELS} answer channels; remove one first. "
                "Nothing was changed."
            )
        channels.append(add)
    updated = replace(config, answer_channels=tuple(sorted(channels)))
    if change.public_answers is not None:
        updated = replace(updated, public_answers=change.public_answers)
    if change.ping_authors is not None:
        updated = replace(updated, ping_authors=change.ping_authors)
    if change.log_off:
        updated = replace(updated, log_channel_id=None, log_problem=None)
    elif change.log_channel_id is not None and change.log_channel_id != config.log_channel_id:
        # A new channel gets a fresh start: the old one's failure says nothing about it.
        updated = replace(updated, log_channel_id=change.log_channel_id, log_problem=None)
    return updated
