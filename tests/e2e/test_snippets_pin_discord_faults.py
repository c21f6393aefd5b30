"""/snippet pin when Discord's REST API answers with a rate limit or its own failure (bot.sandbox.faults):
the pin waits out a 429, posts once when an answer is lost, and otherwise says plainly what happened
and what was left behind."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.faults import cloudflare_banned, rate_limited, server_error
from bot.sandbox.imitation import Imitation
from bot.sandbox.rest import API
from bot.sandbox.snapshots import Reply
from tests.e2e.snippet_helpers import pin, pin_requests, records, snippet_posts

pytestmark = pytest.mark.e2e


def posts_route(imitation: Imitation) -> str:
    return f"{API}/channels/{imitation.scenario.general.id}/messages"


async def _pinned_once(hipbot: HipThrustBot, driver: Driver, imitation: Imitation, reply: Reply) -> None:
    """The pin worked, once: one post, pinned and recorded."""
    [post] = snippet_posts(driver, "general")
    assert reply.content.startswith("Pinned **Quick answer**")
    assert [p.message_id for p in driver.pins("general")] == [post.message_id]
    assert [r.message_id for r in await records(hipbot, imitation)] == [post.message_id]


async def test_a_rate_limited_post_is_sent_after_the_wait(hipbot: HipThrustBot, driver: Driver,
                                                          imitation: Imitation) -> None:
    limit = rate_limited("POST", posts_route(imitation), retry_after=0.3)
    imitation.core.faults.append(limit)
    reply = await pin(driver, "quick-answer")
    assert limit.hits == 1
    await _pinned_once(hipbot, driver, imitation, reply)


async def test_a_post_whose_answer_was_lost_is_posted_once(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    # Discord posted the message, then answered 500: discord.py sends the request again.
    lost = server_error("POST", posts_route(imitation), 500, after=True)
    imitation.core.faults.append(lost)
    reply = await pin(driver, "quick-answer")
    assert lost.hits == 1
    await _pinned_once(hipbot, driver, imitation, reply)


async def test_a_pin_discord_fails_takes_the_post_back_and_says_so(hipbot: HipThrustBot, driver: Driver,
                                                                   imitation: Imitation) -> None:
    imitation.core.faults.append(server_error("PUT", f"{posts_route(imitation)}/pins/*", 503))
    reply = await pin(driver, "quick-answer")
    assert reply.ephemeral
    assert reply.content == ("Discord could not do this just now (it answered 503, a fault or overload on its "
                             "side). Please try again in a minute. Nothing was left posted.")
    assert snippet_posts(driver, "general") == []
    assert await records(hipbot, imitation) == []
    assert len(pin_requests(imitation, "PUT")) == 1  # discord.py does not retry a 503: nor does the bot
    # Once Discord is back, the same pin works.
    assert (await pin(driver, "quick-answer")).content.startswith("Pinned **Quick answer**")


async def test_a_post_cloudflare_refuses_is_told_as_a_rate_limit(hipbot: HipThrustBot, driver: Driver,
                                                                 imitation: Imitation) -> None:
    imitation.core.faults.append(cloudflare_banned("POST", posts_route(imitation)))
    reply = await pin(driver, "quick-answer")
    assert reply.ephemeral
    assert reply.content == ("Discord is limiting how fast the bot may act right now (it answered 429). "
                             "Please try again in a few minutes.")
    assert snippet_posts(driver, "general") == []
    assert await records(hipbot, imitation) == []


async def test_a_pin_rate_limited_past_the_wait_takes_the_post_back_and_says_so(
    hipbot: HipThrustBot, driver: Driver, imitation: Imitation
) -> None:
    # An hour's limit is not waited out (bot.interactions.rate_limits): discord.py raises RateLimited,
    # which is no HTTPException, after the post is made.
    imitation.core.faults.append(rate_limited("PUT", f"{posts_route(imitation)}/pins/*", retry_after=3600))
    reply = await pin(driver, "quick-answer")
    assert reply.ephemeral
    assert reply.content == ("Discord is limiting how fast the bot may act right now (it answered 429). "
                             "Please try again in a few minutes. Nothing was left posted.")
    assert snippet_posts(driver, "general") == []
    assert await records(hipbot, imitation) == []
