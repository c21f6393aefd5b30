"""Discord's REST answers that are not the bot's fault: rate limits, outages, a token gone stale.

A test arms a `Fault` on a route (`Core.faults`) and the imitation answers the next `times`
requests that match with it, instead of (or, with `after`, after) doing what they ask:

    imitation.core.faults.append(rate_limited("POST", f"{API}/channels/{channel.id}/messages"))

The answers are shaped as Discord's own, since discord.py decides by them what to retry
(`discord.http.HTTPClient.request`, `discord.webhook.async_.AsyncWebhookAdapter.request`):
a 429 from Discord carries `retry_after` in JSON and a `Via` header (Discord's API answers
through Google's front end); one from Cloudflare (a ban for too many invalid requests) has
neither, and discord.py raises it at once.
"""

from __future__ import annotations

import fnmatch
import json
import math
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

#: What Discord's answers carry (through Google's front end); discord.py trusts a 429 only with it.
VIA = {"Via": "1.1 google"}


@dataclass
class Fault:
    """The next `times` requests of `method` to a path matching `path` (a glob: `*` matches any
    part, slashes too) are answered with `status`, `body` (JSON, or text as is) and `headers`.

    `after`: the request does its work first and only its answer is lost (Discord posted the
    message, then the answer became a 500 on the way back)."""

    method: str
    path: str
    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    after: bool = False
    hits: int = 0  # how many answers it has given

    def matches(self, request: web.Request, *, after: bool) -> bool:
        return (self.hits < self.times and self.after == after and request.method == self.method
                and fnmatch.fnmatchcase(request.path, self.path))

    def answer(self) -> web.Response:
        self.hits += 1
        if isinstance(self.body, str):
            return web.Response(text=self.body, status=self.status, headers=self.headers, content_type="text/html")
        return web.Response(body=json.dumps(self.body).encode(), status=self.status, headers=self.headers,
                            content_type="application/json")


def take(faults: list[Fault], request: web.Request, *, after: bool = False) -> web.Response | None:
    """The answer of the first armed fault this request matches, if any."""
    for fault in faults:
        if fault.matches(request, after=after):
            return fault.answer()
    return None


def rate_limited(method: str, path: str, *, retry_after: float = 0.05, is_global: bool = False,
                 times: int = 1) -> Fault:
    """Discord's 429: a route's limit (5 messages per 5 s in a channel), or the global one (50 a second)."""
    headers = {**VIA, "Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": "user"}
    if is_global:
        headers.update({"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"})
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    return Fault(method, path, 429, body, headers, times)


def cloudflare_banned(method: str, path: str, *, times: int = 1) -> Fault:
    """Cloudflare's 429 (too many invalid requests from this IP): an HTML page, no `Via`, no JSON."""
    page = "<html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head></html>"
    return Fault(method, path, 429, page, {"Retry-After": "3600"}, times)


def server_error(method: str, path: str, status: int = 503, *, times: int = 1, after: bool = False) -> Fault:
    """Discord's side failing (500, 502, 503, 504); with `after`, once the request did its work."""
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
    body = {"message": f"{status}: {reason.get(status, 'Server Error')}", "code": 0}
    return Fault(method, path, status, body, dict(VIA), times, after)


def refused(method: str, path: str, status: int, code: int, message: str, *, times: int = 1) -> Fault:
    """One of Discord's JSON errors (404 / 10008 Unknown Message, 403 / 50013 Missing Permissions…)."""
    return Fault(method, path, status, {"message": message, "code": code}, dict(VIA), times)
