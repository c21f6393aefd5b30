"""Shared steps of the "Answer with the guide" and /config e2e tests."""

from __future__ import annotations

from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Message
from bot.sandbox.snapshots import Reply
from cogs.guide.answer import ANSWER_MENU

QUESTION = "are hip thrusts better than squats for my glutes?"
SQUAT_TRIAL = "Hip thrusts and squats both grew glutes in a trial"


async def ask(driver: Driver, text: str = QUESTION, *, channel: str = "general", user: str = "member") -> Reply:
    """A member posts a question in a channel."""
    return await driver.post(text, user=user, channel=channel)


async def answer_menu(driver: Driver, question: Reply, *, user: str = "moderator") -> Reply:
    """Right-click the question, Apps, "Answer with the guide": the private menu."""
    return await driver.context_menu(ANSWER_MENU, question, user=user)


async def pick(driver: Driver, menu: Reply, label: str, *, user: str | None = None) -> Reply:
    """Choose a section in the menu; the menu's message once the bot is done with the pick (it
    defers, posts the reply, then edits the menu), or its error when one was sent."""
    picked = await driver.select(menu, label, user=user)
    await driver.wait_until(lambda: driver.refresh(picked).components == [] or bool(driver.followups(picked)),
                            "the pick to be handled")
    followups = driver.followups(picked)
    return followups[-1] if followups else driver.refresh(picked)


def option_labels(menu: Reply) -> list[str]:
    [select] = menu.selects()
    return [str(o["label"]) for o in select["options"]]


def replies_to(imitation: Imitation, question: Reply) -> list[Message]:
    """The bot's messages that reply to the question, oldest first."""
    return [m for m in imitation.world.channel_messages(question.channel_id)
            if m.reference_id == question.message_id and m.author_id == imitation.core.bot_user_id]


def create_request(imitation: Imitation, message: Message) -> RecordedRequest:
    """The bot's Create Message request that made this message (the newest to its channel)."""
    posts = [r for r in imitation.core.requests
             if r.method == "POST" and r.path.endswith(f"/channels/{message.channel_id}/messages")
             and 200 <= r.status < 300]
    return posts[-1]
