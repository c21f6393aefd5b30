"""The repositories the cogs use, opened together over one database."""

from __future__ import annotations

from pathlib import Path

from bot.db import open_database
from bot.db.chat_replies import ChatRepliesRepository
from bot.db.database import Database
from bot.db.entries import EntriesRepository
from bot.db.guild_config import GuildConfigRepository
from bot.db.imports import ImportsRepository
from bot.db.leases import LeasesRepository
from bot.db.logbook_jobs import LogbookJobs
from bot.db.pending import PendingLogsRepository
from bot.db.post_rewrites import PostRewritesRepository
from bot.db.privacy import PrivacyRepository
from bot.db.quiz import QuizResultsRepository
from bot.db.reminders import RemindersRepository
from bot.db.servers import Servers
from bot.db.snippets import SnippetsRepository
from bot.db.sync_state import SyncStateRepository
from bot.db.users import UsersRepository


class Store:
    """Every repository, sharing one `Database`. Cogs reach storage only through this."""

    def __init__(self, db: Database) -> None:
        self.db = db
        servers = Servers()  # shared by the writes of a server's rows and its removal
        self.sync_state = SyncStateRepository(db)
        self.users = UsersRepository(db)
        self.entries = EntriesRepository(db, servers)
        self.logbook = LogbookJobs(db)
        self.pending = PendingLogsRepository(db)
        self.chat_replies = ChatRepliesRepository(db)
        self.imports = ImportsRepository(db)
        self.quiz = QuizResultsRepository(db, servers)
        self.privacy = PrivacyRepository(db)
        self.snippets = SnippetsRepository(db, servers)
        self.guild_config = GuildConfigRepository(db, servers)
        self.reminders = RemindersRepository(db)
        self.leases = LeasesRepository(db)
        self.post_rewrites = PostRewritesRepository(db)

    @classmethod
    async def open(cls, target: Path | str, *, run_migrations: bool = True) -> Store:
        """Open a SQLite file path, a `sqlite:///…` URL or a `postgresql://…` URL."""
        return cls(await open_database(target, run_migrations=run_migrations))

    async def close(self) -> None:
        await self.db.close()
