"""The imitation's REST API for channels and messages: reading, posting, editing, deleting and
pinning, with the bot's permissions checked in the channel as Discord checks them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from bot.sandbox import perms
from bot.sandbox.core import ApiError, Core, log
from bot.sandbox.dms import check_dm_allowed
from bot.sandbox.message_content import as_the_bot_sees, mention_fields
from bot.sandbox.message_replies import REPLY, replied_message
from bot.sandbox.messages import edit_fields, json_response, new_message_fields, read_body
from bot.sandbox.model import FORUM, Channel, Message
from bot.sandbox.payloads import channel_json, message_json
from bot.sandbox.rest import API, path_id


def bot_channel(core: Core, channel_id: int, need: int = 0, *, post: bool = False) -> Channel:
    """A channel the bot may act in with `need` (and, with `post`, what lets it post there: Send
    Messages in Threads in a thread, Send Messages elsewhere); Discord's errors otherwise."""
    channel = core.world.channels.get(channel_id)
    if channel is None:
        raise ApiError(404, 10003, "Unknown Channel")
    if post:
        need |= perms.posting(channel.thread)
    have = core.world.permissions(core.bot_user_id, channel_id)
    if not have & perms.VIEW_CHANNEL:
        raise ApiError(403, 50001, "Missing Access")
    if need & ~have:
        log.info("sandbox: bot lacks %s in #%s", perms.missing(have, need), channel.name)
        raise ApiError(403, 50013, "Missing Permissions")
    return channel


def changeable(channel: Channel) -> Channel:
    """The channel, unless it is an archived thread: Discord changes nothing there (editing,
    deleting, pinning or unpinning a message) until it is open again; a new message opens it."""
    if channel.archived:
        raise ApiError(400, 50083, "Thread is archived")
    return channel


def channel_message(core: Core, channel_id: int, message_id: int) -> Message:
    message = core.world.messages.get(message_id)
    if message is None or message.channel_id != channel_id or message.ephemeral:
        raise ApiError(404, 10008, "Unknown Message")
    return message


#: How long Discord holds a nonce sent with enforce_nonce ("the past few minutes").
NONCE_WINDOW = dt.timedelta(minutes=5)


def sent_with_nonce(core: Core, channel_id: int, payload: dict[str, Any]) -> Message | None:
    """The bot's message in this channel sent with the payload's nonce in the past few minutes, when
    the payload asks for it (`enforce_nonce`): Discord answers with it and creates none (a resend
    after a lost answer, such as discord.py's retries after a 500, posts once)."""
    nonce = payload.get("nonce")
    if not payload.get("enforce_nonce") or nonce is None:
        return None
    since = core.world.clock() - NONCE_WINDOW
    for message in reversed(core.world.channel_messages(channel_id)):
        if message.created_at < since:
            return None
        if message.author_id == core.bot_user_id and message.nonce == str(nonce):
            return message
    return None


def add_channel_routes(app: web.Application, core: Core) -> None:
    """Register the channel and message routes on the imitation's app."""
    world = core.world
    bot = core.bot_user_id

    def out(message: Message) -> dict[str, Any]:
        return message_json(world, message, core.files_base)

    def seen(message: Message) -> dict[str, Any]:
        """A message someone else may have written, as the bot may read it."""
        return as_the_bot_sees(core, message, out(message), privileged=core.message_content_intent)

    async def get_channel(request: web.Request) -> web.Response:
        return json_response(channel_json(world, bot_channel(core, path_id(request, "channel"))))

    async def history(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"))
        if not world.permissions(bot, channel.id) & perms.READ_MESSAGE_HISTORY:
            return json_response([])
        limit = min(max(int(request.query.get("limit", 50)), 1), 100)
        items = world.channel_messages(channel.id)
        if "before" in request.query:
            items = [m for m in items if m.id < int(request.query["before"])]
        if "after" in request.query:
            items = [m for m in items if m.id > int(request.query["after"])][:limit]
        return json_response([seen(m) for m in reversed(items[-limit:])])

    async def create(request: web.Request) -> web.Response:
        payload, uploads = await read_body(request)
        channel = bot_channel(core, path_id(request, "channel"), perms.ATTACH_FILES if uploads else 0, post=True)
        check_dm_allowed(core, channel)
        if channel.type == FORUM:  # only its posts (threads) take messages
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        if channel.locked and not core.world.permissions(core.bot_user_id, channel.id) & perms.MANAGE_THREADS:
            raise ApiError(403, 50083, "Thread is archived")  # a new message would open it: not the bot's to open
        earlier = sent_with_nonce(core, channel.id, payload)
        if earlier is not None:
            return json_response(out(earlier))
        fields = new_message_fields(core, channel.id, payload, uploads, allow_ephemeral=False)
        if payload.get("enforce_nonce") and payload.get("nonce") is not None:
            fields["nonce"] = str(payload["nonce"])
        replied_to = replied_message(core, channel, payload)
        if replied_to is not None:
            fields.update(reference_id=replied_to.id, type=REPLY)
        allowed = payload.get("allowed_mentions")
        fields.update(mention_fields(world, fields["content"], allowed_mentions=allowed, replied_to=replied_to,
                                     ping_replied=bool((allowed or {}).get("replied_user", allowed is None))))
        return json_response(out(world.post(channel.id, bot, **fields)))

    async def get_message(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"), perms.READ_MESSAGE_HISTORY)
        return json_response(seen(channel_message(core, channel.id, path_id(request, "message"))))

    async def edit(request: web.Request) -> web.Response:
        payload, uploads = await read_body(request)
        channel = bot_channel(core, path_id(request, "channel"))
        message = channel_message(core, changeable(channel).id, path_id(request, "message"))
        if message.author_id != bot:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        return json_response(out(world.edit(message, **edit_fields(core, message, payload, uploads))))

    async def delete(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"))
        message = channel_message(core, changeable(channel).id, path_id(request, "message"))
        if message.author_id != bot:
            bot_channel(core, channel.id, perms.MANAGE_MESSAGES)
        world.delete(message)
        return web.Response(status=204)

    async def bulk_delete(request: web.Request) -> web.Response:
        payload, _ = await read_body(request)
        channel = bot_channel(core, path_id(request, "channel"), perms.MANAGE_MESSAGES)
        ids = [int(i) for i in payload.get("messages", [])]
        if not 2 <= len(ids) <= 100:
            raise ApiError(400, 50035, "Invalid Form Body")
        gone = [channel_message(core, channel.id, i) for i in ids]
        for message in gone:
            world.delete(message, announce=False)
        world.emit("MESSAGE_DELETE_BULK", {"channel": channel, "ids": ids})
        return web.Response(status=204)

    async def pins(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"))
        try:
            limit = int(request.query.get("limit", 50))
            before = request.query.get("before")
            cutoff = dt.datetime.fromisoformat(before) if before else None
        except ValueError as exc:
            raise ApiError(400, 50035, "Invalid Form Body") from exc
        if not 1 <= limit <= 50:
            raise ApiError(400, 50035, "Invalid Form Body", {
                "message": "Invalid Form Body", "code": 50035, "errors": {"limit": {"_errors": [
                    {"code": "NUMBER_TYPE_MAX", "message": "int value should be <= 50 and >= 1."}]}}})
        if not world.permissions(bot, channel.id) & perms.READ_MESSAGE_HISTORY:
            return json_response({"items": [], "has_more": False})
        items = [m for m in world.pinned(channel.id)
                 if cutoff is None or (m.pinned_at is not None and m.pinned_at < cutoff)]
        page = items[:limit]
        return json_response({
            "items": [{"pinned_at": m.pinned_at.isoformat() if m.pinned_at else None,
                       "message": seen(m)} for m in page],
            "has_more": len(items) > limit,
        })

    async def pin(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"), perms.PIN_MESSAGES)
        message = channel_message(core, changeable(channel).id, path_id(request, "message"))
        if not world.pin(message, bot):
            raise ApiError(400, 30003, "Maximum number of pins reached (250)")
        return web.Response(status=204)

    async def unpin(request: web.Request) -> web.Response:
        channel = bot_channel(core, path_id(request, "channel"), perms.PIN_MESSAGES)
        world.unpin(channel_message(core, changeable(channel).id, path_id(request, "message")))
        return web.Response(status=204)

    base = f"{API}/channels/{{channel}}"
    app.router.add_get(base, get_channel)
    app.router.add_get(f"{base}/messages", history)
    app.router.add_post(f"{base}/messages", create)
    app.router.add_post(f"{base}/messages/bulk-delete", bulk_delete)
    app.router.add_get(f"{base}/messages/pins", pins)
    app.router.add_put(f"{base}/messages/pins/{{message}}", pin)
    app.router.add_delete(f"{base}/messages/pins/{{message}}", unpin)
    app.router.add_get(f"{base}/messages/{{message}}", get_message)
    app.router.add_patch(f"{base}/messages/{{message}}", edit)
    app.router.add_delete(f"{base}/messages/{{message}}", delete)
