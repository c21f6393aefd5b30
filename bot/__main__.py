"""Command line: `python -m bot [run]` runs the bot, `python -m bot sync` forces a command sync,
`python -m bot sandbox` runs it against the local Discord imitation with a terminal chat,
`python -m bot copy-db --from URL --to URL` copies the data into another (empty) database
(`migrate-db` is its old name and still works), `python -m bot backup PATH` and
`python -m bot restore PATH` back up and restore a SQLite database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import aiohttp
import discord

from bot import copy_db
from bot.db.migrations import MigrationError
from bot.operations import backup_cli, cpu
from bot.operations.db_lock import DatabaseBusyError
from bot.settings import Settings, SettingsError, environment, read_log_format

NO_TOKEN = """\
DISCORD_TOKEN is not set, so the bot cannot log in to Discord.
Copy .env.example to .env and put your bot's token there (or export DISCORD_TOKEN), then start
it again (`make run`). To try the bot without a token, run `make sandbox` (or `.venv/bin/python
-m bot sandbox`): it starts a local imitation of Discord and lets you type slash commands in this
terminal."""


def parser() -> argparse.ArgumentParser:
    """The one parser of `python -m bot` and its subcommands."""
    root = argparse.ArgumentParser(prog="python -m bot", description="Hip thrust coach, a Discord bot.")
    commands = root.add_subparsers(dest="command", metavar="{run,sync,sandbox,copy-db,backup,restore}")
    commands.add_parser("run", help="log in to Discord and serve commands (the default)")
    commands.add_parser("sync", help="sync the slash commands with Discord, then exit")
    # The sandbox reads its own options (--db, --files, --verbose; see `python -m bot sandbox --help`).
    commands.add_parser("sandbox", add_help=False, help="run against a local imitation of Discord, with a chat here")
    copy = commands.add_parser(
        "copy-db", aliases=["migrate-db"], usage=copy_db.USAGE, description=copy_db.__doc__,
        help="copy every row into another, empty database (e.g. SQLite to PostgreSQL)",
    )  # fmt: skip
    copy_db.add_arguments(copy)
    for name, text in (("backup", backup_cli.BACKUP_HELP), ("restore", backup_cli.RESTORE_HELP)):
        sub = commands.add_parser(name, help=text, description=text + " (DATABASE_URL names the database).")
        sub.add_argument("path", type=Path, metavar="PATH", help="the backup file")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["help"]:
        args = ["--help"]
    cli = parser()
    try:
        options, rest = cli.parse_known_args(args)
        if rest and options.command != "sandbox":
            cli.error(f"unrecognized arguments: {' '.join(rest)}")
    except SystemExit as exit_:  # --help (0) or a usage error (2), already printed
        return exit_.code if isinstance(exit_.code, int) else 2
    if options.command == "sandbox":
        from bot.sandbox.chat import main as sandbox_main

        return sandbox_main(rest)
    if options.command in ("copy-db", "migrate-db"):
        return copy_db.main(options.source, options.target, name=options.command)
    command = options.command or "run"
    # backup and restore (as copy-db) answer whoever ran them, at a terminal, through `docker exec`
    # (which inherits the container's LOG_FORMAT, its output not in the container's log) or in
    # cron's mail: plain text whatever LOG_FORMAT says; a script reads their exit code.
    tool = command in ("backup", "restore")
    variables = environment()
    try:
        settings = Settings.from_env(variables)
    except SettingsError as exc:
        say_before_logging(f"Configuration error: {exc}", "text" if tool else start_up_log_format(variables))
        return 2
    if tool:  # no token needed: they never reach Discord
        return backup_cli.main(command, options.path, settings)
    if settings.token is None:
        say_before_logging(NO_TOKEN, settings.log_format)
        return 2
    setup_logging(settings)
    if command == "run":
        try:  # first, while this is the process's only thread: every later one inherits the CPU
            cpu.keep_on_one_cpu(settings.bot_cpu)
        except SettingsError as exc:
            say_before_logging(f"Configuration error: {exc}", settings.log_format)
            return 2
    from bot import runtime
    from bot.content import ContentError
    from bot.db.database import DatabaseUnavailableError
    from bot.interactions.command_sync import SyncRefusedError
    from bot.operations.server import MetricsPortError
    from bot.operations.shard_claim import ShardClaimLostError, ShardsTakenError

    try:
        with asyncio.Runner(loop_factory=runtime.loop_factory()) as runner:
            runner.run(runtime.sync_only(settings) if command == "sync" else runtime.run(settings))
    except MigrationError as exc:
        logging.getLogger("bot").error("Database refused: %s", exc)
        return 1
    except discord.LoginFailure:
        logging.getLogger("bot").error("Discord refused the token (DISCORD_TOKEN): check it and try again.")
        return 1
    except aiohttp.ClientConnectionError as exc:  # logging in; once connected, discord.py reconnects itself
        logging.getLogger("bot").error("Cannot reach Discord (%s): check the network, or DISCORD_API_BASE if set.", exc)
        return 1
    except DatabaseUnavailableError as exc:
        logging.getLogger("bot").error("%s (DATABASE_URL)", exc)
        return 1
    except DatabaseBusyError as exc:
        logging.getLogger("bot").error("Database busy: %s", exc)
        return 1
    except ShardsTakenError as exc:
        logging.getLogger("bot").error("Not started: %s.", exc)
        return 1
    except ShardClaimLostError as exc:
        logging.getLogger("bot").error("Stopped: %s. Start it again to claim them.", exc)
        return 1
    except (MetricsPortError, SyncRefusedError) as exc:
        logging.getLogger("bot").error("%s.", exc)
        return 1
    except ContentError as exc:
        logging.getLogger("bot").error("Data file refused: %s", exc)
        return 1
    except KeyboardInterrupt:
        pass
    except Exception:  # a bug: its traceback goes where every log line goes (one JSON line with LOG_FORMAT=json)
        logging.getLogger("bot").exception("Stopped by an unexpected error")
        return 1
    return 0


def start_up_log_format(variables: Mapping[str, str]) -> str:
    """The LOG_FORMAT a configuration error is said in: text when LOG_FORMAT is itself the error,
    so that it reaches someone who reads it."""
    try:
        return read_log_format(variables)
    except SettingsError:
        return "text"


def say_before_logging(message: str, log_format: str) -> None:
    """Write a start-up error that stops the bot before its logging is set up (or, like
    `Configuration error`, one that has always been one plain line): as it is, or with
    LOG_FORMAT=json as the one JSON line a log collector reads, like every later line."""
    if log_format == "json":
        from bot.operations.json_logs import JsonFormatter

        record = logging.makeLogRecord({"name": "bot", "levelno": logging.ERROR, "levelname": "ERROR", "msg": message})
        message = JsonFormatter().format(record)
    print(message, file=sys.stderr)


def setup_logging(settings: Settings) -> None:
    """Log to stderr at LOG_LEVEL, as text for people or, with LOG_FORMAT=json, one object a line."""
    level = getattr(logging, settings.log_level)
    if settings.log_format == "json":
        from bot.operations.json_logs import JsonFormatter

        secrets = [settings.token.reveal()] if settings.token is not None else []
        discord.utils.setup_logging(handler=logging.StreamHandler(), formatter=JsonFormatter(secrets),
                                    level=level, root=True)
    else:
        discord.utils.setup_logging(level=level, root=True)
    for name in settings.debug_loggers:
        logging.getLogger(name).setLevel(logging.DEBUG)


if __name__ == "__main__":
    raise SystemExit(main())
