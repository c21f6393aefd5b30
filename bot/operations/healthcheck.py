"""`python -m bot.operations.healthcheck`: the container's HEALTHCHECK (the slim image has no curl).

Exit 0 when METRICS_PORT is not set (there is nothing to ask: the check then only says the
container runs) or /healthz answers 200; 1 otherwise. Standard library only, so it starts fast.
"""

from __future__ import annotations

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
    port = env.get("METRICS_PORT", "").strip()
    if not port:
        return None
    host = env.get("METRICS_HOST", "127.0.0.1").strip()
    host = _ANY.get(host, host)
    return f"http://[{host}]:{port}/healthz" if ":" in host else f"http://{host}:{port}/healthz"


def main(env: Mapping[str, str] | None = None) -> int:
    target = url(os.environ if env is None else env)
    if target is None:
        return 0
    try:
        with urllib.request.urlopen(target, timeout=TIMEOUT) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {target}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
