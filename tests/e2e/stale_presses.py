"""Presses made on a message as it was: Discord sends a press with the message as it showed when
the press was made, and handles it as an interaction of its own, which may arrive after another
press's answer changed the message."""

from __future__ import annotations

import copy
from typing import Any

from bot.sandbox.driver import Driver
from bot.sandbox.model import Message
from bot.sandbox.snapshots import Reply, from_message


def shown(driver: Driver, reply: Reply) -> Message:
    """The reply's message as a press made now shows it, whatever answers change it after."""
    return copy.deepcopy(driver.world.messages[reply.message_id or 0])


async def press_on(driver: Driver, message: Message, data: dict[str, Any], user: str) -> Reply:
    """A component interaction with `data` made on `message` as it was, delivered now; its answer."""
    pressed = driver.send(3, driver.user(user), driver.world.channels[message.channel_id], data, message)
    return await driver.answer(pressed, f"a press on {data['custom_id']!r}")


async def click_on(driver: Driver, message: Message, label: str, user: str = "member") -> Reply:
    """Press the button labelled `label` on `message` as it was."""
    [button] = [b for b in from_message(driver.core, message).buttons() if b["label"] == label]
    return await press_on(driver, message, {"custom_id": button["custom_id"], "component_type": 2}, user)


async def select_on(driver: Driver, message: Message, label: str, user: str = "moderator") -> Reply:
    """Choose the option labelled `label` in the select menu of `message` as it was."""
    [menu] = from_message(driver.core, message).selects()
    [value] = [o["value"] for o in menu["options"] if o["label"] == label]
    return await press_on(driver, message, {"custom_id": menu["custom_id"], "component_type": 3, "values": [value]},
                          user)
