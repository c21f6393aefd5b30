"""Interaction callbacks and the interaction webhook (followups, @original), as Discord serves them."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox import validate
from bot.sandbox.core import ApiError, Core, log
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.messages import Upload, edit_fields, json_response, new_message_fields, read_body
from bot.sandbox.model import EPHEMERAL, LOADING, Message
from bot.sandbox.payloads import message_json, user_json
from bot.sandbox.rest import API

#: Which interaction types each callback type may answer.
_ALLOWED = {1: {1}, 4: {2, 3, 5}, 5: {2, 3, 5}, 6: {3, 5}, 7: {3, 5}, 8: {4}, 9: {2, 3}}
_UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")


def add_interaction_routes(app: web.Application, core: Core) -> None:
    """Register the callback and webhook routes on the imitation's app."""
    world = core.world
    ledger = core.ledger

    def out(message: Message) -> dict[str, Any]:
        return message_json(world, message, core.files_base)

    def metadata(record: InteractionRecord, **extra: Any) -> dict[str, Any]:
        return {"id": str(record.id), "type": record.type,
                "user": user_json(world.users[record.user_id]),
                "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
                **extra}

    def post_reply(record: InteractionRecord, payload: dict[str, Any], uploads: list[Upload],
                   *, loading: bool = False) -> Message:
        fields = ({"flags": LOADING | (int(payload.get("flags") or 0) & EPHEMERAL)} if loading
                  else new_message_fields(core, record.channel_id, payload, uploads,
                                          allow_ephemeral=True))
        extra = {} if record.source_message_id is None else {
            "interacted_message_id": str(record.source_message_id)}
        return world.post(record.channel_id, core.bot_user_id, webhook_id=core.application_id,
                          type=20 if record.type == 2 else 0,
                          interaction=metadata(record, **extra), **fields)

    def source_message(record: InteractionRecord) -> Message:
        message = world.messages.get(record.source_message_id or 0)
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def callback(request: web.Request) -> web.Response:
        record = ledger.records.get(int(request.match_info["id"]))
        if record is None or record.token != request.match_info["token"]:
            raise ApiError(*_UNKNOWN_INTERACTION)
        if record.answered:
            record.duplicate_callbacks += 1
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if ledger.too_late(record):
            record.late_callbacks += 1
            log.warning("sandbox: interaction %s answered after the deadline", record.id)
            raise ApiError(*_UNKNOWN_INTERACTION)
        payload, uploads = await read_body(request)
        kind = payload.get("type")
        data = payload.get("data") or {}
        if kind not in _ALLOWED or record.type not in _ALLOWED[kind] or (
            kind in (6, 7) and record.source_message_id is None
        ):
            raise ApiError(400, 50035, "Invalid Form Body", {
                "message": "Invalid Form Body", "code": 50035, "errors": {"type": {"_errors": [
                    {"code": "INTERACTION_RESPONSE_TYPE_INVALID",
                     "message": "Interaction response type is invalid for this interaction."}]}}})
        message: Message | None = None
        if kind == 4:
            message = post_reply(record, data, uploads)
        elif kind == 5:
            message = post_reply(record, data, [], loading=True)
        elif kind == 6:
            record.original_id = record.source_message_id
        elif kind == 7:
            target = source_message(record)
            message = world.edit(target, **edit_fields(core, target, data, uploads))
        elif kind in (8, 9):
            error = validate.check_choices(data) if kind == 8 else validate.check_modal(data)
            if error is not None:
                raise ApiError(400, 50035, "Invalid Form Body", error)
        if message is not None:
            record.original_id = message.id
        record.callback_type = kind
        record.callback_at = ledger.clock()
        record.callback_data = data
        world.emit("INTERACTION_ANSWERED", {"record": record})
        record.asked_for_message = request.query.get("with_response", "").lower() in ("1", "true")
        if not record.asked_for_message:
            return web.Response(status=204)
        answer: dict[str, Any] = {"id": str(record.id), "type": record.type}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            answer.update(response_message_id=str(message.id),
                          response_message_loading=bool(message.flags & LOADING),
                          response_message_ephemeral=message.ephemeral)
            if kind in (4, 7):
                resource["message"] = out(message)
        return json_response({"interaction": answer, "resource": resource})

    def webhook_record(request: web.Request) -> InteractionRecord:
        record = ledger.by_token(request.match_info["token"])
        if record is None or int(request.match_info["app"]) != core.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        if not ledger.token_alive(record):
            raise ApiError(401, 50027, "Invalid Webhook Token")
        if not record.answered or record.callback_type in (1, 8):
            raise ApiError(404, 10015, "Unknown Webhook")
        return record

    def owned_message(record: InteractionRecord, message_id: str) -> Message:
        wanted = record.original_id if message_id == "@original" else int(message_id)
        if wanted is None or (wanted != record.original_id and wanted not in record.followup_ids):
            raise ApiError(404, 10008, "Unknown Message")
        message = world.messages.get(wanted)
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def followup(request: web.Request) -> web.Response:
        record = webhook_record(request)
        payload, uploads = await read_body(request)
        original = world.messages.get(record.original_id or 0)
        if original is not None and original.flags & LOADING and not record.followup_ids:
            # The first followup after a defer completes the deferred message, keeping the
            # defer's visibility whatever this message's flags say.
            fields = edit_fields(core, original, payload, uploads)
            fields["flags"] = original.flags & ~LOADING
            message = world.edit(original, **fields)
        else:
            extra = {} if record.original_id is None else {
                "original_response_message_id": str(record.original_id)}
            fields = new_message_fields(core, record.channel_id, payload, uploads,
                                        allow_ephemeral=True)
            message = world.post(record.channel_id, core.bot_user_id,
                                 webhook_id=core.application_id, type=20 if record.type == 2 else 0,
                                 interaction=metadata(record, **extra), **fields)
        record.followup_ids.append(message.id)
        if request.query.get("wait", "").lower() in ("1", "true"):
            return json_response(out(message))
        return web.Response(status=204)

    async def get_message(request: web.Request) -> web.Response:
        return json_response(out(owned_message(webhook_record(request), request.match_info["msg"])))

    async def edit_message(request: web.Request) -> web.Response:
        record = webhook_record(request)
        payload, uploads = await read_body(request)
        message = owned_message(record, request.match_info["msg"])
        return json_response(out(world.edit(message, **edit_fields(core, message, payload, uploads))))

    async def delete_message(request: web.Request) -> web.Response:
        world.delete(owned_message(webhook_record(request), request.match_info["msg"]))
        return web.Response(status=204)

    app.router.add_post(f"{API}/interactions/{{id}}/{{token}}/callback", callback)
    hook = f"{API}/webhooks/{{app}}/{{token}}"
    app.router.add_post(hook, followup)
    app.router.add_get(f"{hook}/messages/{{msg}}", get_message)
    app.router.add_patch(f"{hook}/messages/{{msg}}", edit_message)
    app.router.add_delete(f"{hook}/messages/{{msg}}", delete_message)
