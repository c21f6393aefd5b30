"""README's invite link asks for every permission the bot checks it has, with the right integer."""

from __future__ import annotations

import re
from types import SimpleNamespace

import discord

from bot.interactions.threads import reply_needs
from bot.snippets.model import READ_PINS_NEEDS, UNPIN_NEEDS, bot_needs
from cogs.config.modlog import LOG_NEEDS
from tests.paths import REPO

# A reply (the chat log's, "Answer with the guide"'s) in a channel and in a thread.
REPLIES = (reply_needs(SimpleNamespace(type=discord.ChannelType.text), embeds=True),
           reply_needs(SimpleNamespace(type=discord.ChannelType.public_thread), embeds=True))


def invite_step() -> str:
    readme = (REPO / "README.md").read_text()
    return readme.split("2. Invite it with", 1)[1].split("\n3. ", 1)[0]


def flag(name: str) -> str:
    """discord.py's name of a permission as Discord's client shows it ("Send Messages in Threads")."""
    return name.strip().lower().replace(" ", "_")


def test_the_invite_integer_is_the_sum_of_the_permissions_it_names() -> None:
    step = " ".join(invite_step().split())
    listed = re.search(r"these permissions: (.+?) \(", step)
    assert listed is not None
    names = [flag(name) for name in listed[1].split(",")]
    wanted = discord.Permissions(**dict.fromkeys(names, True))
    integer, terms = re.search(r"\((\d+) = (.+?)\)\.", step).groups()  # type: ignore[union-attr]
    assert int(integer) == wanted.value
    summed = {flag(term.rsplit(" ", 1)[0]): term.rsplit(" ", 1)[1] for term in terms.split(" + ")}
    assert set(summed) == set(names)
    for name, shift in summed.items():  # each bit as Discord numbers it (discord.py's flag values)
        assert shift.startswith("1<<"), shift
        assert getattr(discord.Permissions, name).flag == 1 << int(shift[3:]), name


def test_the_invite_asks_for_every_permission_the_bot_checks_for_itself() -> None:
    step = " ".join(invite_step().split())
    listed = re.search(r"these permissions: (.+?) \(", step)
    assert listed is not None
    asked = {flag(name) for name in listed[1].split(",")}
    pins = [need for post in ("send_messages", "send_messages_in_threads") for need in bot_needs(post)]
    needed = {*pins, *READ_PINS_NEEDS, *UNPIN_NEEDS, *LOG_NEEDS, *REPLIES[0], *REPLIES[1]}
    assert needed - asked == set()
