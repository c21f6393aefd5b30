"""Typed settings read from the environment (and `.env`), validated with clear messages."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DEFAULT_DATABASE_URL = "sqlite:///data/hipthrust.db"
# Guide, quiz and RPE chart ship beside the code, wherever the bot is started from.
SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
LOG_FORMATS = ("text", "json")
CpuChoice = int | Literal["auto", "off"]  # BOT_CPU
DEFAULT_METRICS_HOST = "127.0.0.1"  # the metrics and health port answers only this machine unless told
# Every variable `Settings.from_env` reads (tests/test_settings.py holds the two together): what
# a bot started for a test or the benchmark must not inherit from whoever starts it.
ENV_NAMES = (
    "DISCORD_TOKEN", "DATABASE_URL", "DEV_GUILD_ID", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "LOG_LEVEL",
    "LOG_DEBUG", "SHARD_COUNT", "SHARD_IDS", "LOG_FORMAT", "METRICS_PORT", "METRICS_HOST", "BOT_CPU",
)  # fmt: skip


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message is fit for an operator."""


class Secret:
    """A string that never shows itself in reprs, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    token: Secret | None = None
    # Left out of the repr: a PostgreSQL URL may carry a password (see `redact_url`).
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    dev_guild_id: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    log_level: str = "INFO"
    # Loggers logged at DEBUG whatever LOG_LEVEL says (e.g. the loop-lag monitor for the benchmark).
    debug_loggers: tuple[str, ...] = ()
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    data_dir: Path = field(default=SHIPPED_DATA)
    # "text" for people, "json" for a log collector (one object a line, see bot.operations.json_logs).
    log_format: str = "text"
    # The metrics and health HTTP port (see bot.operations.server); None: not served.
    metrics_port: int | None = None
    metrics_host: str = DEFAULT_METRICS_HOST
    # The CPU for every thread of the bot: "auto" (the one it starts on), "off", or its number
    # (see bot.operations.cpu).
    bot_cpu: CpuChoice = "auto"
    # What is set but has no effect, one line each, for the bot to log as warnings when it starts
    # (settings log nothing themselves).
    config_warnings: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from a mapping such as `os.environ`; raise SettingsError on bad values."""

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        token = get("DISCORD_TOKEN")
        if token is not None and re.search(r"[\x00-\x1f\x7f]", token):  # never shown: it is the secret
            raise SettingsError("DISCORD_TOKEN holds a line break or another control character; put the token"
                                " on one line (a token has none).")
        shard_count = _positive_int("SHARD_COUNT", get("SHARD_COUNT"))
        shard_ids = _shard_ids(get("SHARD_IDS"), shard_count)
        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {level!r}.")
        metrics_port, metrics_host = _port("METRICS_PORT", get("METRICS_PORT")), get("METRICS_HOST")
        ignored = []
        if metrics_host is not None and metrics_port is None:
            ignored.append(f"METRICS_HOST is set ({metrics_host!r}) but METRICS_PORT is not, so nothing listens:"
                           " metrics and health are off. Set METRICS_PORT to serve them, or remove METRICS_HOST.")
        return cls(
            token=Secret(token) if token else None,
            database_url=database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            dev_guild_id=_positive_int("DEV_GUILD_ID", get("DEV_GUILD_ID")),
            api_base=_http_url("DISCORD_API_BASE", get("DISCORD_API_BASE"), ("http", "https")),
            gateway_url=_http_url("DISCORD_GATEWAY_URL", get("DISCORD_GATEWAY_URL"), ("ws", "wss")),
            log_level=level,
            debug_loggers=_logger_names(get("LOG_DEBUG")),
            shard_count=shard_count,
            shard_ids=shard_ids,
            log_format=read_log_format(env),
            metrics_port=metrics_port,
            metrics_host=metrics_host or DEFAULT_METRICS_HOST,
            bot_cpu=_bot_cpu(get("BOT_CPU")),
            config_warnings=tuple(ignored),
        )

    @property
    def guide_dir(self) -> Path:
        """The guide's sections (`index.toml` and one Markdown file each) and its source text."""
        return self.data_dir / "guide"

    @property
    def quiz_file(self) -> Path:
        return self.data_dir / "quiz.toml"

    @property
    def rts_chart_file(self) -> Path:
        """The RPE chart behind the estimated 1RM of /progress."""
        return self.data_dir / "rts_chart.toml"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file named by `database_url` (SettingsError for a PostgreSQL URL)."""
        return sqlite_path(self.database_url)

    def database_named(self) -> str:
        """The database for a log line: the SQLite file's absolute path, or the PostgreSQL URL without
        its password."""
        if is_postgres_url(self.database_url):
            return f"PostgreSQL {redact_url(self.database_url)}"
        path = self.sqlite_path
        return f"SQLite {path if str(path) == ':memory:' else path.resolve()}"

    @property
    def syncs_commands(self) -> bool:
        """Whether this process may sync commands: unsharded, or the slice that holds shard 0."""
        return self.shard_ids is None or 0 in self.shard_ids


def load_settings(env: Mapping[str, str] | None = None, dotenv_path: Path | None = None) -> Settings:
    """Read `.env` (without overriding real environment variables), then the environment."""
    return Settings.from_env(environment(env, dotenv_path))


def environment(env: Mapping[str, str] | None = None, dotenv_path: Path | None = None) -> dict[str, str]:
    """The variables settings are read from: `.env`'s, overridden by the environment's (or `env`)."""
    from dotenv import dotenv_values

    merged: dict[str, str] = {}
    path = dotenv_path or Path(".env")
    if path.is_file():
        merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    merged.update(os.environ if env is None else env)
    return merged


def read_log_format(env: Mapping[str, str]) -> str:
    """LOG_FORMAT of `env`: text (the default) or json; SettingsError for anything else."""
    chosen = (env.get("LOG_FORMAT", "").strip() or "text").lower()
    if chosen not in LOG_FORMATS:
        raise SettingsError(f"LOG_FORMAT must be text or json; got {chosen!r}.")
    return chosen


def is_postgres_url(url: str) -> bool:
    """Whether a DATABASE_URL names a PostgreSQL server (anything else is a SQLite file)."""
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str, name: str = "DATABASE_URL") -> Path:
    """`sqlite:///relative/path` or `sqlite:////absolute/path` → the file path (`name`: the setting, for errors)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise SettingsError(
            f"{name} must look like sqlite:///relative/path.db, sqlite:////absolute/path.db or"
            f" postgresql://user:password@host:5432/dbname; got {redact_url(url)!r}."
        )
    return Path(url[len(prefix) :])


def redact_url(url: str) -> str:
    """The URL with the password of its `user:password@` part replaced by stars (up to the last `@`:
    a password written with an unescaped `/` or `@` is hidden whole too)."""
    return re.sub(r"^([a-z]+://[^:/@]*):.*@", r"\1:***@", url)


def database_url(url: str, name: str = "DATABASE_URL") -> str:
    """`url` if it names a SQLite file or a PostgreSQL server as the bot can open it; SettingsError
    naming the setting (`name`) otherwise. Messages never show the URL's password."""
    if is_postgres_url(url):
        if len(url.split("://", 1)[1]) == 0:
            raise SettingsError(f"{name} must name a server: postgresql://user:password@host:5432/dbname.")
        for port in _postgres_ports(url):
            if re.fullmatch(r"[0-9]{1,5}", port) is None or not 1 <= int(port) <= 65535:
                raise SettingsError(
                    f"{name} has a port that is not a number from 1 to 65535 ({port!r}): {redact_url(url)}."
                )
        return url
    sqlite_path(url, name)
    return url


def _postgres_ports(url: str) -> list[str]:
    """The ports written in a PostgreSQL URL's host list (`host:port,host2:port2`, `[::1]:port`)."""
    rest = url.split("://", 1)[1].split("?", 1)[0]
    hosts = rest.rpartition("@")[2].split("/", 1)[0]  # after the credentials (a password may hold '/')
    ports = []
    for spec in hosts.split(","):
        after_address = spec.rsplit("]", 1)[-1]  # past an IPv6 address in brackets
        if ":" in after_address:
            ports.append(after_address.rpartition(":")[2])
    return ports


def _positive_int(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number; got {raw!r}.") from None
    if value < (1 if name == "SHARD_COUNT" else 0):
        raise SettingsError(f"{name} must be positive; got {value}.")
    return value


def _bot_cpu(raw: str | None) -> CpuChoice:
    if raw is None or raw.lower() == "auto":
        return "auto"
    if raw.lower() == "off":
        return "off"
    if re.fullmatch(r"[0-9]{1,4}", raw) is None:
        raise SettingsError(f"BOT_CPU must be auto, off or a CPU number such as 0; got {raw!r}.")
    return int(raw)


def _port(name: str, raw: str | None) -> int | None:
    value = _positive_int(name, raw)
    if value is not None and not 1 <= value <= 65535:
        raise SettingsError(f"{name} must be a TCP port from 1 to 65535; got {value}.")
    return value


def _shard_ids(raw: str | None, count: int | None) -> tuple[int, ...] | None:
    if raw is None:
        return None
    if count is None:
        raise SettingsError("SHARD_IDS needs SHARD_COUNT: set both, e.g. SHARD_COUNT=4 SHARD_IDS=0,1.")
    try:
        ids = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(f"SHARD_IDS must be comma-separated numbers; got {raw!r}.") from None
    if not ids:
        raise SettingsError("SHARD_IDS is empty; list at least one shard id, e.g. 0,1.")
    bad = [i for i in ids if not 0 <= i < count]
    if bad:
        raise SettingsError(f"SHARD_IDS {bad} must each be from 0 to {count - 1} (SHARD_COUNT={count}).")
    if len(set(ids)) != len(ids):
        raise SettingsError(f"SHARD_IDS lists a shard twice: {raw!r}.")
    return ids


def _logger_names(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    names = tuple(part.strip() for part in raw.split(",") if part.strip())
    bad = [n for n in names if not all(piece.isidentifier() for piece in n.split("."))]
    if bad:
        raise SettingsError(
            f"LOG_DEBUG must list logger names separated by commas (e.g. bot.interactions.loop_lag); got {bad}."
        )
    return names


def _http_url(name: str, raw: str | None, schemes: tuple[str, ...]) -> str | None:
    if raw is None:
        return None
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in schemes:
        allowed = " or ".join(f"{s}://" for s in schemes)
        raise SettingsError(f"{name} must start with {allowed}; got {raw!r}.")
    return raw.rstrip("/")
