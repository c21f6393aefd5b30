"""The container's HEALTHCHECK: asks /healthz when METRICS_PORT is set, and passes when it is not."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import web

from bot.operations.healthcheck import main, url
from tests.paths import REPO


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


def test_a_malformed_setting_fails_the_check_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main({"METRICS_PORT": "abc"}) == 1
    assert capsys.readouterr().err == "healthcheck: METRICS_PORT must be a TCP port from 1 to 65535; got 'abc'\n"
    assert main({"METRICS_PORT": "70000"}) == 1
    assert "got '70000'" in capsys.readouterr().err
    assert main({"METRICS_PORT": "9100", "METRICS_HOST": "a host"}) == 1
    err = capsys.readouterr().err
    assert err.startswith("healthcheck: http://a host:9100/healthz: ")
    assert err.count("\n") == 1


@pytest.mark.slow
def test_the_module_run_as_the_image_runs_it_says_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "METRICS_PORT": "abc", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "bot.operations.healthcheck"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == "healthcheck: METRICS_PORT must be a TCP port from 1 to 65535; got 'abc'\n"
