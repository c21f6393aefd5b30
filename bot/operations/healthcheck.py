"""`python -m bot.operations.healthcheck`: the container's HEALTHCHECK (the slim image has no curl).

Exit 0 when METRICS_PORT is not set (there is nothing to ask: the check then only says the
container runs) or /healthz answers 200; 1 otherwise, with one line saying why (a malformed
METRICS_PORT too). Standard library only, so it starts fast.
"""

from __future__ import annotations

import http.client
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

TIMEOUT = 5.0
# A server bound to every address is asked on the loopback one.
_ANY = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def url(env: Mapping[str, str]) -> str | None:
    """The /healthz URL the settings in `env` give, or None when the port is off."""
    raw = env.get("METRICS_PORT", "").strip()
    if not raw:
        return None
    try:  # read as the bot reads it (bot.settings), which refuses to start on anything else
        port = int(raw)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError(f"METRICS_PORT must be a TCP port from 1 to 65535; got {raw!r}")
    host = env.get("METRICS_HOST", "127.0.0.1").strip()
    host = _ANY.get(host, host)
    return f"http://[{host}]:{port}/healthz" if ":" in host else f"http://{host}:{port}/healthz"


def main(env: Mapping[str, str] | None = None) -> int:
    try:
        target = url(os.environ if env is None else env)
    except ValueError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    if target is None:
        return 0
    try:
        with urllib.request.urlopen(target, timeout=TIMEOUT) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:  # InvalidURL: such a METRICS_HOST
        print(f"healthcheck: {target}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
