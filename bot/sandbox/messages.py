"""Reading message bodies (JSON or multipart) and turning them into stored message fields."""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox import validate
from bot.sandbox.core import ApiError, Core
from bot.sandbox.model import EPHEMERAL, LOADING, Message, StoredFile

#: Flags a sender may set on a message (suppress embeds, silent, components v2).
SETTABLE_FLAGS = (1 << 2) | (1 << 12) | (1 << 15)


#: Where `read_body` leaves what it read, for the request log.
BODY_KEY: web.RequestKey[tuple[Any, list[str]]] = web.RequestKey("sandbox_body", tuple)


def json_response(data: Any, status: int = 200) -> web.Response:
    """JSON with Content-Type exactly `application/json`: discord.py parses nothing else."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        content_type="application/json")


@dataclass
class Upload:
    index: int
    filename: str
    content_type: str | None
    data: bytes


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload]]:
    """The JSON payload and uploaded files of a request, as Discord accepts them.

    The result is also kept on the request, so the request log can record it.
    """
    payload, uploads = await _read_body(request)
    request[BODY_KEY] = (payload, [u.filename for u in uploads])
    return payload, uploads


async def _read_body(request: web.Request) -> tuple[dict[str, Any], list[Upload]]:
    if request.content_type == "multipart/form-data":
        payload: dict[str, Any] = {}
        uploads: list[Upload] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            elif part.name.startswith("files[") and part.name.endswith("]"):
                filename = part.filename or "file"
                ctype = part.headers.get("Content-Type")
                if ctype in (None, "application/octet-stream"):
                    # Discord guesses the type from the name, as for uploads from its app.
                    ctype = mimetypes.guess_type(filename)[0]
                uploads.append(Upload(int(part.name[6:-1]), filename, ctype, bytes(await part.read())))
        return payload, uploads
    if not request.can_read_body:
        return {}, []
    try:
        return await request.json(), []
    except ValueError as exc:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from exc


def _stored_files(core: Core, channel_id: int, payload: dict[str, Any],
                  uploads: list[Upload]) -> list[StoredFile]:
    for upload in uploads:
        if len(upload.data) > core.attachment_size_limit:
            raise ApiError(413, 40005, "Request entity too large")
    names = {str(a.get("id")): a.get("filename") for a in payload.get("attachments") or []}
    return [core.world.store_file(channel_id, names.get(str(u.index)) or u.filename,
                                  u.content_type, u.data) for u in uploads]


def new_message_fields(core: Core, channel_id: int, payload: dict[str, Any],
                       uploads: list[Upload], *, allow_ephemeral: bool) -> dict[str, Any]:
    """Fields for `World.post` from a create body; raises ApiError as Discord would refuse."""
    error = validate.check_message(payload, files=len(uploads))
    if error is not None:
        raise ApiError(400, error["code"], error["message"], error)
    mask = SETTABLE_FLAGS | (EPHEMERAL if allow_ephemeral else 0)
    return {
        "content": payload.get("content") or "",
        "embeds": payload.get("embeds") or [],
        "components": payload.get("components") or [],
        "attachments": _stored_files(core, channel_id, payload, uploads),
        "flags": int(payload.get("flags") or 0) & mask,
    }


def edit_fields(core: Core, message: Message, payload: dict[str, Any],
                uploads: list[Upload]) -> dict[str, Any]:
    """Fields for `World.edit`: only what the body names changes, and loading ends."""
    error = validate.check_message(payload, files=len(uploads), editing=True)
    if error is not None:
        raise ApiError(400, error["code"], error["message"], error)
    fields: dict[str, Any] = {}
    for key in ("content", "embeds", "components"):
        if key in payload:
            fields[key] = payload[key] if payload[key] is not None else ("" if key == "content" else [])
    kept = message.attachments
    if "attachments" in payload:
        wanted = {str(a.get("id")) for a in payload["attachments"] or []}
        kept = [a for a in message.attachments if str(a.id) in wanted]
    new = _stored_files(core, message.channel_id, payload, uploads)
    if "attachments" in payload or new:
        fields["attachments"] = kept + new
    flags = message.flags & ~LOADING
    if "flags" in payload and payload["flags"] is not None:
        flags = (flags & ~SETTABLE_FLAGS) | (int(payload["flags"]) & SETTABLE_FLAGS)
    fields["flags"] = flags
    merged = {"content": message.content, "embeds": message.embeds,
              "components": message.components, **fields}
    if not (merged["content"] or merged["embeds"] or merged["components"]
            or fields.get("attachments", message.attachments)):
        raise ApiError(400, 50006, "Cannot send an empty message")
    return fields
