"""The operator's HTTP port (METRICS_PORT): /metrics for Prometheus, /healthz and /readyz.

Served by aiohttp on the bot's own event loop, so a scrape costs the loop a little work, like
an interaction does; a loop too busy to answer /healthz is itself the sign an operator needs.
"""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client.exposition import choose_encoder

from bot.client import HipThrustBot
from bot.operations.health import problems
from bot.operations.metrics import Metrics

log = logging.getLogger(__name__)
TEXT = "text/plain"


def application(bot: HipThrustBot, metrics: Metrics) -> web.Application:
    """The routes, on `bot` and its `metrics`."""

    async def scrape(request: web.Request) -> web.Response:
        # The format the scraper asks for (Prometheus text, or OpenMetrics), as the library's own server does.
        encode, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(body=encode(metrics.registry), headers={"Content-Type": content_type})

    async def healthz(request: web.Request) -> web.Response:
        # The process is up and its event loop answers: nothing more (a restart would not help
        # a gateway outage; /readyz says that).
        return web.Response(text="ok\n", content_type=TEXT)

    async def readyz(request: web.Request) -> web.Response:
        found = await problems(bot)
        if found:
            return web.Response(status=503, text="not ready\n" + "".join(f"- {p}\n" for p in found), content_type=TEXT)
        return web.Response(text="ready\n", content_type=TEXT)

    app = web.Application()
    app.router.add_get("/metrics", scrape)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


class MetricsPortError(RuntimeError):
    """The metrics port cannot be served as configured; the message is fit for an operator."""


@asynccontextmanager
async def serving(bot: HipThrustBot, metrics: Metrics, host: str, port: int) -> AsyncIterator[int]:
    """Serve the routes on `host:port` while the block runs; yields the port (for port 0, the one chosen)."""
    runner = web.AppRunner(application(bot, metrics), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            raise MetricsPortError(_refusal(host, port, exc)) from None
        bound = _bound_port(runner, port)
        log.info("metrics and health on http://%s:%d (/metrics, /healthz, /readyz)", host, bound)
        yield bound
    finally:
        await runner.cleanup()


def _refusal(host: str, port: int, exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"METRICS_HOST {host!r} is not an address of this machine that resolves ({exc.strerror})"
    if exc.errno == errno.EADDRINUSE:
        return (f"METRICS_PORT {port} is already in use on {host}: another process holds it (with shards"
                " as several processes on one machine, give each its own METRICS_PORT)")
    return f"cannot serve metrics on {host}:{port} (METRICS_HOST, METRICS_PORT): {exc.strerror or exc}"


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked
