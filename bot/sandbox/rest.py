"""The imitation's REST API: the routes discord.py 2.7 uses, with Discord's answers and errors.

Here the app (authorization, the request record, faults, errors) and its own routes: the bot's
user and application, the gateway, commands, DMs, downloads. Channels and messages are served by
bot.sandbox.rest_channels, interactions by bot.sandbox.rest_interactions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import unquote

from aiohttp import web

from bot.sandbox import faults, validate
from bot.sandbox.core import ApiError, Core, RecordedRequest, log
from bot.sandbox.messages import BODY_KEY, json_response, read_body
from bot.sandbox.payloads import channel_json, user_json

API = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_OPEN_PREFIXES = (f"{API}/interactions/", f"{API}/webhooks/", "/attachments/", "/gateway",
                  "/resume-gateway")


def build_app(core: Core) -> web.Application:
    """An aiohttp application serving Discord's REST routes for this core, but those of channels
    and messages (`add_channel_routes`) and of interactions (`add_interaction_routes`)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        record = RecordedRequest(request.method, request.path, dict(request.query), None, [])
        if "X-Audit-Log-Reason" in request.headers:  # clients percent-encode it
            record.reason = unquote(request.headers["X-Audit-Log-Reason"])
        core.requests.append(record)
        if core.request_arrival is not None and not await core.request_arrival(record):
            record.status = 503
            return json_response({"message": "the sender is gone", "code": 0}, 503)
        try:
            if not request.path.startswith(_OPEN_PREFIXES) and (
                request.headers.get("Authorization") != f"Bot {core.token}"
            ):
                raise ApiError(401, 0, "401: Unauthorized")
            response = faults.take(core.faults, request) or await handler(request)
            if response.status < 400:
                response = faults.take(core.faults, request, after=True) or response
        except ApiError as exc:
            response = json_response(exc.body, exc.status)
            record.error = exc.body
        except web.HTTPNotFound:
            log.warning("sandbox: no route for %s %s", request.method, request.path)
            core.unknown_routes.append(f"{request.method} {request.path}")
            response = json_response({"message": "404: Not Found", "code": 0}, 404)
        except web.HTTPMethodNotAllowed:
            core.unknown_routes.append(f"{request.method} {request.path}")
            response = json_response({"message": "405: Method Not Allowed", "code": 0}, 405)
        except Exception as exc:  # a bug in the imitation: keep it visible to tests
            log.exception("sandbox: internal error on %s %s", request.method, request.path)
            core.internal_errors.append(f"{request.method} {request.path}: {exc!r}")
            response = json_response({"message": "500: Internal Server Error", "code": 0}, 500)
        if BODY_KEY in request:
            record.json, record.files = request[BODY_KEY]
        record.status = response.status
        if core.answer_travel is not None:
            await core.answer_travel(record)
        return response

    app = web.Application(middlewares=[middleware], client_max_size=64 * 1024 * 1024)
    _add_core_routes(app, core)
    return app


def path_id(request: web.Request, name: str) -> int:
    """The id in the route's `name` part; Discord's Invalid Form Body when it is not a number."""
    try:
        return int(request.match_info[name])
    except ValueError as exc:
        raise ApiError(400, 50035, "Invalid Form Body") from exc


def _add_core_routes(app: web.Application, core: Core) -> None:
    world = core.world

    async def me(request: web.Request) -> web.Response:
        data = user_json(world.users[core.bot_user_id])
        data.update(verified=True, mfa_enabled=False, locale="en-US", email=None)
        return json_response(data)

    async def application(request: web.Request) -> web.Response:
        bot_user = world.users[core.bot_user_id]
        return json_response({
            "id": str(core.application_id), "name": bot_user.username, "icon": None,
            "description": "", "summary": "", "type": None, "bot_public": True,
            "bot_require_code_grant": False, "verify_key": "0" * 64, "flags": 0,
            "owner": user_json(world.users[core.owner_user_id]), "team": None,
            "bot": user_json(bot_user), "redirect_uris": [], "interactions_endpoint_url": None,
            "tags": [], "approximate_guild_count": len(world.guilds),
            "integration_types_config": {"0": {}, "1": {}},
        })

    async def gateway(request: web.Request) -> web.Response:
        return json_response({"url": core.gateway_url})

    async def gateway_bot(request: web.Request) -> web.Response:
        return json_response({"url": core.gateway_url, "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}})

    def scope_of(request: web.Request) -> int | None:
        if path_id(request, "app") != core.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild" not in request.match_info:
            return None
        guild_id = path_id(request, "guild")
        if guild_id not in world.guilds:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild_id

    async def get_commands(request: web.Request) -> web.Response:
        return json_response(core.commands.get(scope_of(request), []))

    async def put_commands(request: web.Request) -> web.Response:
        scope = scope_of(request)
        payload, _ = await read_body(request)
        if not isinstance(payload, list) or len(payload) > 100:
            raise ApiError(400, 50035, "Invalid Form Body")
        error = validate.check_commands(payload)
        if error is not None:
            raise ApiError(400, 50035, "Invalid Form Body", error)
        return json_response(core.upsert_commands(scope, payload))

    async def open_dm(request: web.Request) -> web.Response:
        payload, _ = await read_body(request)
        user_id = int(payload.get("recipient_id", 0))
        if user_id not in world.users:
            raise ApiError(400, 50035, "Invalid Form Body")
        return json_response(channel_json(world, world.dm_channel(user_id)))

    async def download(request: web.Request) -> web.StreamResponse:
        stored = world.files.get(path_id(request, "file"))
        if stored is None or stored.filename != request.match_info["name"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data,
                            content_type=stored.content_type or "application/octet-stream")

    app.router.add_get(f"{API}/users/@me", me)
    app.router.add_get(f"{API}/oauth2/applications/@me", application)
    app.router.add_get(f"{API}/gateway", gateway)
    app.router.add_get(f"{API}/gateway/bot", gateway_bot)
    for path in ("/applications/{app}/commands", "/applications/{app}/guilds/{guild}/commands"):
        app.router.add_get(API + path, get_commands)
        app.router.add_put(API + path, put_commands)
    app.router.add_post(f"{API}/users/@me/channels", open_dm)
    app.router.add_get("/attachments/{channel}/{file}/{name}", download)
