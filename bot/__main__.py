"""Command line: `python -m bot` runs the bot, `python -m bot sync` forces a command sync,
`python -m bot sandbox` runs it against the local Discord imitation with a terminal chat,
`python -m bot migrate-db --from URL --to URL` copies the data into another (empty) database."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence

import discord

from bot.db.migrations import MigrationError
from bot.settings import Settings, SettingsError, load_settings

NO_TOKEN = """\
DISCORD_TOKEN is not set, so the bot cannot log in to Discord.
Copy .env.example to .env and put your bot's token there (or export DISCORD_TOKEN), then run
`python -m bot` again. To try the bot without a token, run `python -m bot sandbox`: it starts
a local imitation of Discord and lets you type slash commands in this terminal."""

USAGE = "usage: python -m bot [run | sync | sandbox [--db PATH] | migrate-db --from URL --to URL]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "run"
    if command in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    if command == "sandbox":
        from bot.sandbox.chat import main as sandbox_main

        return sandbox_main(args)
    if command == "migrate-db":
        from bot.copy_db import main as migrate_db_main

        return migrate_db_main(args)
    if command not in ("run", "sync") or args:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    if settings.token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    setup_logging(settings)
    from bot import runtime
    from bot.db.database import DatabaseUnavailableError

    try:
        with asyncio.Runner(loop_factory=runtime.loop_factory()) as runner:
            runner.run(runtime.sync_only(settings) if command == "sync" else runtime.run(settings))
    except MigrationError as exc:
        logging.getLogger("bot").error("Database refused: %s", exc)
        return 1
    except discord.LoginFailure:
        logging.getLogger("bot").error("Discord refused the token (DISCORD_TOKEN): check it and try again.")
        return 1
    except DatabaseUnavailableError as exc:
        logging.getLogger("bot").error("%s (DATABASE_URL)", exc)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def setup_logging(settings: Settings) -> None:
    discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    for name in settings.debug_loggers:
        logging.getLogger(name).setLevel(logging.DEBUG)


if __name__ == "__main__":
    raise SystemExit(main())
