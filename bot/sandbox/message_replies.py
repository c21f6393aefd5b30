"""Replies (messages with a `message_reference`) as Discord's Create Message takes them.

Replying takes Read Message History besides Send Messages; the referenced message must exist
in that channel and must not be a system message (Discord's "Create Message" limitations). A
reference to a missing message fails with 50035 naming `message_reference`, unless
`fail_if_not_exists` is false, which posts a plain message instead.

Who a reply pings: the author of the message it answers, unless `allowed_mentions` is sent,
in which case only when `replied_user` is true (its default is false).
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import perms
from bot.sandbox.core import ApiError, Core, RecordedRequest
from bot.sandbox.mentions import message_body
from bot.sandbox.model import Channel, Message

REPLY = 19
_REPLYABLE = (0, 19, 20, 23)  # default, reply, chat-input and context-menu command messages


def _invalid(code: str, message: str) -> ApiError:
    return ApiError(400, 50035, "Invalid Form Body", {
        "message": "Invalid Form Body", "code": 50035,
        "errors": {"message_reference": {"_errors": [{"code": code, "message": message}]}}})


def replied_message(core: Core, channel: Channel, payload: dict[str, Any]) -> Message | None:
    """The message a create body replies to (None for a plain message), refused as Discord refuses
    a reply it cannot make."""
    reference = payload.get("message_reference")
    if not isinstance(reference, dict) or reference.get("message_id") is None:
        return None
    if not core.world.permissions(core.bot_user_id, channel.id) & perms.READ_MESSAGE_HISTORY:
        raise ApiError(403, 160002, "Cannot reply without permission to read message history")
    target = core.world.messages.get(int(reference["message_id"]))
    if target is None or target.channel_id != channel.id or target.ephemeral:
        if reference.get("fail_if_not_exists", True):
            raise _invalid("MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
        return None
    if target.type not in _REPLYABLE:
        raise _invalid("REPLIES_CANNOT_REPLY_TO_SYSTEM_MESSAGE", "Cannot reply to a system message")
    return target


def reply_pings_author(request: RecordedRequest) -> bool | None:
    """Whether the message a request sent pings the author of the message it replies to;
    None when it sent no reply."""
    body = message_body(request)
    if body is None or not isinstance(body.get("message_reference"), dict):
        return None
    mentions = body.get("allowed_mentions")
    return True if mentions is None else bool(mentions.get("replied_user", False))
