"""The per-server settings' rules: who sees a guide answer, and what `/config set` may change."""

from __future__ import annotations

import pytest

from bot.config.model import (
    MAX_ANSWER_CHANNELS,
    ConfigChange,
    GuildConfig,
    Visibility,
    apply_change,
    guide_visibility,
)
from bot.errors import UserError

GUILD, HERE, THERE, THREAD = 1, 10, 20, 30


def test_the_defaults_post_publicly_everywhere() -> None:
    config = GuildConfig(GUILD)
    assert guide_visibility(config, private=None, channel_id=HERE) == Visibility(public=True)
    assert guide_visibility(config, private=False, channel_id=HERE) == Visibility(public=True)
    assert guide_visibility(config, private=True, channel_id=HERE) == Visibility(public=False)


def test_a_private_default_is_only_a_default() -> None:
    config = GuildConfig(GUILD, public_answers=False)
    assert guide_visibility(config, private=None, channel_id=HERE) == Visibility(public=False)
    assert guide_visibility(config, private=False, channel_id=HERE) == Visibility(public=True)


def test_outside_the_answer_channels_the_answer_is_private_and_points_there() -> None:
    config = GuildConfig(GUILD, answer_channels=(THERE,))
    assert guide_visibility(config, private=None, channel_id=HERE) == Visibility(
        public=False, instead_in=(THERE,), restricted=True)
    assert guide_visibility(config, private=False, channel_id=HERE) == Visibility(
        public=False, instead_in=(THERE,), restricted=True)
    assert guide_visibility(config, private=None, channel_id=THERE) == Visibility(public=True)
    # A thread of an answer channel counts as that channel.
    assert guide_visibility(config, private=None, channel_id=THREAD, parent_id=THERE) == Visibility(public=True)
    # Asking privately needs no pointer.
    assert guide_visibility(config, private=True, channel_id=HERE) == Visibility(public=False)


def test_no_channel_means_private() -> None:
    assert guide_visibility(GuildConfig(GUILD), private=None, channel_id=None) == Visibility(public=False)


def test_channels_are_added_removed_and_cleared() -> None:
    config = apply_change(GuildConfig(GUILD), ConfigChange(add_answer_channel=THERE))
    config = apply_change(config, ConfigChange(add_answer_channel=HERE))
    assert config.answer_channels == (HERE, THERE)
    assert apply_change(config, ConfigChange(add_answer_channel=HERE)).answer_channels == (HERE, THERE)
    config = apply_change(config, ConfigChange(remove_answer_channel=HERE))
    assert config.answer_channels == (THERE,)
    assert apply_change(config, ConfigChange(answer_anywhere=True)).answer_channels == ()
    assert apply_change(config, ConfigChange(answer_anywhere=False)).answer_channels == (THERE,)


def test_at_most_25_answer_channels() -> None:
    config = GuildConfig(GUILD, answer_channels=tuple(range(100, 100 + MAX_ANSWER_CHANNELS)))
    with pytest.raises(UserError, match="at most 25 answer channels"):
        apply_change(config, ConfigChange(add_answer_channel=5))
    # Swapping one for another in the same command fits.
    swapped = apply_change(config, ConfigChange(add_answer_channel=5, remove_answer_channel=100))
    assert 5 in swapped.answer_channels
    assert 100 not in swapped.answer_channels


@pytest.mark.parametrize(
    "change",
    [
        ConfigChange(add_answer_channel=HERE, remove_answer_channel=HERE),
        ConfigChange(add_answer_channel=HERE, answer_anywhere=True),
        ConfigChange(log_channel_id=HERE, log_off=True),
    ],
)
def test_contradicting_options_change_nothing(change: ConfigChange) -> None:
    with pytest.raises(UserError, match="Nothing was changed"):
        apply_change(GuildConfig(GUILD), change)


def test_a_new_log_channel_forgets_the_old_ones_problem() -> None:
    broken = GuildConfig(GUILD, log_channel_id=HERE, log_problem="I need the Send Messages permission in <#10>.")
    assert apply_change(broken, ConfigChange(ping_authors=True)).log_problem == broken.log_problem
    assert apply_change(broken, ConfigChange(log_channel_id=HERE)).log_problem == broken.log_problem
    moved = apply_change(broken, ConfigChange(log_channel_id=THERE))
    assert (moved.log_channel_id, moved.log_problem) == (THERE, None)
    off = apply_change(broken, ConfigChange(log_off=True))
    assert (off.log_channel_id, off.log_problem) == (None, None)


def test_each_option_changes_its_setting_only() -> None:
    config = apply_change(GuildConfig(GUILD), ConfigChange(public_answers=False, ping_authors=True))
    assert config == GuildConfig(GUILD, public_answers=False, ping_authors=True)
    assert ConfigChange().empty
    assert not ConfigChange(answer_anywhere=False).empty


def test_adding_a_channel_takes_deleted_ones_off_the_list_and_nothing_else_does() -> None:
    # The last answer channel stays listed when deleted, holding the restriction (every answer private).
    kept = GuildConfig(GUILD, answer_channels=(THERE,))
    assert guide_visibility(kept, private=None, channel_id=HERE).public is False
    added = apply_change(kept, ConfigChange(add_answer_channel=HERE), gone=[THERE])
    assert added.answer_channels == (HERE,)
    # Any other change leaves the deleted channel listed: the restriction stays.
    assert apply_change(kept, ConfigChange(ping_authors=True), gone=[THERE]).answer_channels == (THERE,)


def test_the_pointer_leaves_out_deleted_answer_channels_but_the_restriction_stays() -> None:
    config = GuildConfig(GUILD, answer_channels=(THERE, 21))
    assert guide_visibility(config, private=None, channel_id=HERE, gone=[THERE]) == Visibility(
        public=False, instead_in=(21,), restricted=True)
    # The deleted last one still restricts: private everywhere, with no channel to point to.
    assert guide_visibility(config, private=None, channel_id=HERE, gone=[THERE, 21]) == Visibility(
        public=False, instead_in=(), restricted=True)
    assert config.answer_channels_left([THERE]) == (21,)
