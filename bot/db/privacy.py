"""Repository: erasing everything stored about one user, in one transaction."""

from __future__ import annotations

from bot.db.database import Database

# (label shown to the user, table, column holding the user id). Order respects foreign keys.
PERSONAL_TABLES: tuple[tuple[str, str, str], ...] = (
    ("pending confirmations", "pending_logs", "user_id"),
    ("pending imports", "pending_imports", "user_id"),
    ("log entries", "entries", "user_id"),
    ("deletions and edits kept out of imports", "removed_entries", "user_id"),
    ("import batches", "import_batches", "user_id"),
    ("quiz results", "quiz_results", "user_id"),
    ("settings", "users", "user_id"),
    ("setups", "setups", "user_id"),
    ("reminders", "reminders", "user_id"),
)
# Records that outlive the user but must forget who made them: (label, table, column set to NULL).
ANONYMISED: tuple[tuple[str, str, str], ...] = (
    ("snippet records with your id removed", "snippets", "pinned_by"),
)


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def forget(self, user_id: int) -> dict[str, int]:
        """Delete every row about the user; returns how many of each kind went."""
        counts: dict[str, int] = {}
        async with self._db.transaction() as tx:
            for label, table, column in PERSONAL_TABLES:
                counts[label] = await tx.execute(f"DELETE FROM {table} WHERE {column} = ?", (user_id,))
            for label, table, column in ANONYMISED:
                counts[label] = await tx.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = ?", (user_id,))
        await self._db.forget_kept(user_id)
        return counts
