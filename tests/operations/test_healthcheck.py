"""The container's HEALTHCHECK: asks /healthz when METRICS_PORT is set, and passes when it is not."""

from __future__ import annotations

import asyncio
import socket

from aiohttp import web

from bot.operations.healthcheck import main, url


def test_the_url_follows_the_settings() -> None:
    assert url({}) is None
    assert url({"METRICS_PORT": "9100"}) == "http://127.0.0.1:9100/healthz"
    assert url({"METRICS_PORT": "9100", "METRICS_HOST": "0.0.0.0"}) == "http://127.0.0.1:9100/healthz"
    assert url({"METRICS_PORT": "9100", "METRICS_HOST": "::"}) == "http://[::1]:9100/healthz"
    assert url({"METRICS_PORT": "9100", "METRICS_HOST": "10.0.0.5"}) == "http://10.0.0.5:9100/healthz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_healthy_only_while_healthz_answers_200() -> None:
    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok\n", status=status[0])

    status = [200]
    app = web.Application()
    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    env = {"METRICS_PORT": str(port)}
    try:
        assert await asyncio.to_thread(main, env) == 0
        status[0] = 500
        assert await asyncio.to_thread(main, env) == 1
    finally:
        await runner.cleanup()
    assert await asyncio.to_thread(main, env) == 1  # nothing listens
    assert main({}) == 0
